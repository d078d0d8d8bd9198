using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Testing.TestHosts;

/// <summary>
/// A test host's state on disk, under /var/tmp/appliance-testhosts/NAME: its overlay (upper, work, merged = its root
/// file system), the client key, known_hosts, the boot log, and which process owns it and which nspawn runs it, so a
/// host that a killed test run left behind can still be found and removed.
/// </summary>
internal sealed partial class HostFiles
{
    public const string StateDirectory = "/var/tmp/appliance-testhosts";

    private HostFiles(string name)
    {
        Name = name;
        Directory = Path.Combine(StateDirectory, name);
    }

    public string Name { get; }
    public string Directory { get; }
    public string RootFs => Path.Combine(Directory, "merged");
    public string ClientKey => Path.Combine(Directory, "id_ed25519");
    public string KnownHosts => Path.Combine(Directory, "known_hosts");
    public string BootLog => Path.Combine(Directory, "boot.log");
    public string NetworkNamespaceName => $"testhost-{Name}";
    private string Owner => Path.Combine(Directory, "owner.pid");
    private string Nspawn => Path.Combine(Directory, "nspawn.pid");

    [GeneratedRegex("^[a-z][a-z0-9-]{0,40}$")]
    private static partial Regex ValidName();

    public static async Task<HostFiles> CreateAsync(string name)
    {
        if (!ValidName().IsMatch(name)) throw new ArgumentException($"bad test host name '{name}' (a-z, 0-9, -)", nameof(name));
        var files = new HostFiles(name);
        System.IO.Directory.CreateDirectory(files.Directory);
        try
        {
            await File.WriteAllTextAsync(files.Owner, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            foreach (var part in new[] { "upper", "work", "merged" }) System.IO.Directory.CreateDirectory(Path.Combine(files.Directory, part));
            Libc.MountOverlay(HostImage.RootFileSystem, Path.Combine(files.Directory, "upper"), Path.Combine(files.Directory, "work"), files.RootFs);
            await files.PersonalizeAsync();
            return files;
        }
        catch
        {
            await files.RemoveAsync(nspawnPid: null);
            throw;
        }
    }

    /// <summary>What makes this host itself: its name, its own SSH host keys, and a client key only this test holds.</summary>
    private async Task PersonalizeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(RootFs, "etc", "hostname"), Name + "\n");
        await File.WriteAllTextAsync(Path.Combine(RootFs, "etc", "hosts"), $"127.0.0.1 localhost\n127.0.1.1 {Name}.test {Name}\n");
        (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-A", "-f", RootFs])).EnsureSuccess("ssh-keygen -A (host keys)");
        (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", $"testhost-{Name}", "-f", ClientKey])).EnsureSuccess("ssh-keygen (client key)");
        var publicKey = await File.ReadAllTextAsync(ClientKey + ".pub");
        foreach (var (user, home) in new[] { ("root", "/root"), ("deploy", "/home/deploy") })
        {
            var (uid, gid) = await UserIdsAsync(user);
            var sshDirectory = Path.Combine(RootFs, home.TrimStart('/'), ".ssh");
            System.IO.Directory.CreateDirectory(sshDirectory);
            File.SetUnixFileMode(sshDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var authorizedKeys = Path.Combine(sshDirectory, "authorized_keys");
            await File.WriteAllTextAsync(authorizedKeys, publicKey);
            File.SetUnixFileMode(authorizedKeys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Libc.Chown(sshDirectory, uid, gid);
            Libc.Chown(authorizedKeys, uid, gid);
        }
    }

    /// <summary>uid and gid from the host's own /etc/passwd (not this machine's).</summary>
    private async Task<(int Uid, int Gid)> UserIdsAsync(string user)
    {
        var entry = (await File.ReadAllLinesAsync(Path.Combine(RootFs, "etc", "passwd"))).Select(line => line.Split(':'))
            .FirstOrDefault(fields => fields.Length > 3 && fields[0] == user) ?? throw new InvalidOperationException($"no user {user} in the host image");
        return (int.Parse(entry[2], CultureInfo.InvariantCulture), int.Parse(entry[3], CultureInfo.InvariantCulture));
    }

    public async Task WriteKnownHostsAsync(int sshPort)
    {
        var hostKey = string.Join(' ', (await File.ReadAllTextAsync(Path.Combine(RootFs, "etc", "ssh", "ssh_host_ed25519_key.pub"))).Split(' ').Take(2));
        await File.WriteAllTextAsync(KnownHosts, $"[127.0.0.1]:{sshPort} {hostKey}\n");
    }

    public Task RecordNspawnAsync(int pid) => File.WriteAllTextAsync(Nspawn, pid.ToString(CultureInfo.InvariantCulture));

    public void ForgetNspawn() => File.Delete(Nspawn);

    /// <summary>
    /// Stops a still running nspawn of this host (only a left-behind host has one here), removes its namespace, unmounts
    /// its overlay and deletes its directory.
    /// </summary>
    public async Task RemoveAsync(int? nspawnPid)
    {
        if (nspawnPid is { } pid && IsNspawnOfThisHost(pid))
        {
            Libc.Signal(pid, Libc.SigTerm);
            var interval = TimeSpan.FromMilliseconds(100);
            if (!await Poll.HoldsWithinAsync(() => !IsNspawnOfThisHost(pid), TimeSpan.FromSeconds(20), interval)) Libc.Signal(pid, Libc.SigKill);
            await Poll.HoldsWithinAsync(() => !IsNspawnOfThisHost(pid), TimeSpan.FromSeconds(5), interval);
        }
        await NetworkNamespace.DeleteAsync(NetworkNamespaceName);
        Libc.Unmount(RootFs);
        await HostImage.DeleteTreeAsync(Directory);
    }

    private bool IsNspawnOfThisHost(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Split('\0')[0].EndsWith("systemd-nspawn", StringComparison.Ordinal) && commandLine.Contains(RootFs, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    /// <summary>Removes the hosts whose owning test process has ended (killed before it could destroy them).</summary>
    public static async Task RemoveAbandonedAsync()
    {
        if (!System.IO.Directory.Exists(StateDirectory)) return;
        foreach (var directory in System.IO.Directory.GetDirectories(StateDirectory))
        {
            var files = new HostFiles(Path.GetFileName(directory));
            if (ReadPid(files.Owner) is { } owner ? System.IO.Directory.Exists($"/proc/{owner}") : IsBeingCreated(directory)) continue;
            await files.RemoveAsync(ReadPid(files.Nspawn));
        }
    }

    /// <summary>A host directory without an owner yet may be one another test run is making right now.</summary>
    private static bool IsBeingCreated(string directory) => DateTime.UtcNow - System.IO.Directory.GetCreationTimeUtc(directory) < TimeSpan.FromMinutes(1);

    private static int? ReadPid(string file) =>
        File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
}
