using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Appliance.Testing.TestHosts;

/// <summary>
/// The Debian root file system every test host boots from: built with debootstrap once per machine (about a minute),
/// then cached under /var/tmp and shared read-only by all hosts as the lower layer of their overlays. The cache
/// directory is named after a hash of this recipe, so changing it builds a new image instead of reusing a stale one.
/// </summary>
public static class HostImage
{
    public const string CacheDirectory = "/var/tmp/appliance-testhost-image";
    private const string Suite = "bookworm";

    // What the installer needs on a target (systemd with user sessions, sshd, sudo) and what tests look at it with;
    // libicu72 because a self-contained .NET program still loads ICU unless built with invariant globalization.
    private static readonly string[] Packages =
    [
        "systemd", "systemd-sysv", "dbus", "dbus-user-session", "libpam-systemd", "openssh-server", "sudo", "iproute2",
        "ca-certificates", "procps", "libicu72", "curl", "busybox", "less",
    ];

    private const string SshdConfiguration = "PasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nUseDNS no\n";

    private static readonly SemaphoreSlim OneBuilderHere = new(1, 1);

    /// <summary>The image's root file system; read-only by convention (hosts write to their own overlay layer).</summary>
    public static string RootFileSystem => Path.Combine(CacheDirectory, $"{Suite}-{RecipeHash()}", "rootfs");

    /// <summary>Builds the image unless it is cached; another process building it at the same time is waited for.</summary>
    public static async Task EnsureAsync()
    {
        if (Directory.Exists(Path.Combine(RootFileSystem, "etc"))) return;
        await OneBuilderHere.WaitAsync();
        try
        {
            Directory.CreateDirectory(CacheDirectory);
            using var machineLock = await LockAsync(Path.Combine(CacheDirectory, "build.lock"));
            if (Directory.Exists(Path.Combine(RootFileSystem, "etc"))) return;
            await BuildAsync();
        }
        finally
        {
            OneBuilderHere.Release();
        }
    }

    private static async Task BuildAsync()
    {
        var clock = Stopwatch.StartNew();
        var build = RootFileSystem + ".build";
        if (Directory.Exists(build)) await DeleteTreeAsync(build);
        Directory.CreateDirectory(Path.GetDirectoryName(build)!);
        var debootstrap = await ProcessRunner.RunAsync("debootstrap",
            ["--variant=minbase", $"--include={string.Join(',', Packages)}", Suite, build, AptMirror()], TimeSpan.FromMinutes(20));
        await File.WriteAllTextAsync(Path.Combine(CacheDirectory, "debootstrap.log"), debootstrap.All);
        debootstrap.EnsureSuccess($"debootstrap {Suite} (log: {CacheDirectory}/debootstrap.log)");

        (await ProcessRunner.RunAsync("chroot", [build, "useradd", "-m", "-s", "/bin/bash", "deploy"])).EnsureSuccess("useradd deploy");
        var sudoers = Path.Combine(build, "etc", "sudoers.d", "deploy");
        await File.WriteAllTextAsync(sudoers, "deploy ALL=(ALL) NOPASSWD:ALL\n");
        File.SetUnixFileMode(sudoers, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        await File.WriteAllTextAsync(Path.Combine(build, "etc", "ssh", "sshd_config.d", "testhost.conf"), SshdConfiguration);
        (await ProcessRunner.RunAsync("chroot", [build, "systemctl", "enable", "ssh.service"])).EnsureSuccess("enabling ssh.service");
        // Linger: deploy's user manager starts at boot, so `systemctl --user` services run without a login.
        Directory.CreateDirectory(Path.Combine(build, "var", "lib", "systemd", "linger"));
        await File.WriteAllTextAsync(Path.Combine(build, "var", "lib", "systemd", "linger", "deploy"), "");
        // Every host gets its own host keys and machine id, so none may be baked into the image.
        foreach (var key in Directory.GetFiles(Path.Combine(build, "etc", "ssh"), "ssh_host_*")) File.Delete(key);
        await File.WriteAllTextAsync(Path.Combine(build, "etc", "machine-id"), "");
        Directory.Move(build, RootFileSystem);
        await File.WriteAllTextAsync(Path.Combine(CacheDirectory, "build-time.txt"), $"{clock.Elapsed.TotalSeconds:0.0} s\n");
    }

    /// <summary>The Debian mirror this machine's apt already uses, or Debian's own when there is none (a RHEL machine).</summary>
    private static string AptMirror()
    {
        var sources = Directory.Exists("/etc/apt/sources.list.d") ? Directory.GetFiles("/etc/apt/sources.list.d", "*.sources") : [];
        var fromDeb822 = sources.SelectMany(File.ReadLines).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length >= 2 && words[0] == "URIs:" && !words[1].Contains("security", StringComparison.Ordinal))
            .Select(words => words[1]).FirstOrDefault();
        var fromList = File.Exists("/etc/apt/sources.list")
            ? File.ReadLines("/etc/apt/sources.list").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(words => words.Length >= 3 && words[0] == "deb" && words[2] is Suite or "stable").Select(words => words[1]).FirstOrDefault()
            : null;
        return fromDeb822 ?? fromList ?? "http://deb.debian.org/debian";
    }

    private static string RecipeHash() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', [Suite, .. Packages, SshdConfiguration, "deploy: sudo, linger"]))))[..12];

    /// <summary>An exclusive lock on <paramref name="path"/> held across processes (.NET takes flock for FileShare.None).</summary>
    private static async Task<FileStream> LockAsync(string path)
    {
        FileStream? locked = null;
        await Poll.UntilAsync($"an exclusive lock on {path}", () => (locked = TryLock(path)) is not null, TimeSpan.FromMinutes(20), TimeSpan.FromMilliseconds(500));
        return locked!;
    }

    private static FileStream? TryLock(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null; // Another test process holds it.
        }
    }

    /// <summary>rm -rf that stays on one file system: a mount left inside never loses the files it shows.</summary>
    internal static async Task DeleteTreeAsync(string path) =>
        (await ProcessRunner.RunAsync("rm", ["-rf", "--one-file-system", path], TimeSpan.FromMinutes(2))).EnsureSuccess($"rm -rf {path}");
}
