using System.Reflection;

namespace Appliance.Installer.Installation;

/// <summary>
/// The release next to the installer (the unpacked tarball): the self-contained server, its native SQLite
/// library, the unit templates and VERSION. Installing copies these; nothing is ever downloaded.
/// </summary>
public sealed class Payload(string directory)
{
    public static Payload NextToInstaller() => new(AppContext.BaseDirectory);

    public string ServerBinary => Path.Combine(directory, InstallLayout.BinaryName);
    public string SystemUnitTemplate => Path.Combine(directory, "systemd", "appliance-registry.service");
    public string UserUnitTemplate => Path.Combine(directory, "systemd", "appliance-registry.user.service");

    /// <summary>The server and the native libraries it loads from its own directory.</summary>
    public IEnumerable<string> ServerFiles =>
        new[] { ServerBinary }.Concat(System.IO.Directory.Exists(directory) ? System.IO.Directory.GetFiles(directory, "*.so") : []);

    /// <summary>The target's <c>uname -m</c> this release runs on (x86_64, aarch64), read from the server binary.</summary>
    public string Architecture => ElfMachine.Of(ServerBinary);

    public string Version => File.Exists(Path.Combine(directory, "VERSION"))
        ? File.ReadAllText(Path.Combine(directory, "VERSION")).Trim()
        : typeof(Payload).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Fails before anything changes when the installer runs outside a release (e.g. from a build directory).</summary>
    public void EnsureComplete()
    {
        foreach (var file in new[] { ServerBinary, SystemUnitTemplate, UserUnitTemplate })
        {
            if (!File.Exists(file))
            {
                throw new InstallerException($"{file} is missing: run the installer from an unpacked release (./build.sh dist makes one)");
            }
        }
    }
}
