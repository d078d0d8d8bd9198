[assembly: AssemblyFixture(typeof(Appliance.Installer.Tests.Release))]

namespace Appliance.Installer.Tests;

/// <summary>
/// The release tarballs under test (dist/mirror-registry-*-linux-x64.tar.gz and -linux-arm64.tar.gz, built with
/// ./build.sh dist when missing or stale), unpacked once per test run and shared by all tests.
/// </summary>
public sealed class Release : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"mirror-registry-release-{Guid.NewGuid():N}");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The x86_64 release, which the E2E tests install on their hosts.</summary>
    public string Directory { get; private set; } = "";
    /// <summary>The aarch64 release, which runs here only under emulation.</summary>
    public string Arm64Directory { get; private set; } = "";
    public string Installer => Path.Combine(Directory, "mirror-registry");
    public string Version => File.ReadAllText(Path.Combine(Directory, "VERSION")).Trim();

    public async ValueTask InitializeAsync()
    {
        var testHosts = TestHost.Unavailable() is null;
        if (!testHosts && Emulator.Unavailable() is not null) return;
        if (testHosts) await TestHost.PrepareAsync();
        var dist = Path.Combine(RepositoryRoot, "dist");
        string? Tarball(string architecture) => System.IO.Directory.Exists(dist)
            ? System.IO.Directory.GetFiles(dist, $"mirror-registry-*-linux-{architecture}.tar.gz").OrderBy(File.GetLastWriteTimeUtc).LastOrDefault()
            : null;
        if (Tarball("x64") is not { } x64 || IsStale(x64) || Tarball("arm64") is not { } arm64 || IsStale(arm64))
        {
            (await Run.ProgramAsync(Path.Combine(RepositoryRoot, "build.sh"), ["dist"], timeout: TimeSpan.FromMinutes(15))).EnsureSuccess("./build.sh dist");
        }
        Directory = await UnpackAsync(Tarball("x64")!);
        Arm64Directory = await UnpackAsync(Tarball("arm64")!);
    }

    private async Task<string> UnpackAsync(string tarball)
    {
        System.IO.Directory.CreateDirectory(root);
        (await Run.ProgramAsync("tar", ["-xzf", tarball, "-C", root])).EnsureSuccess("tar");
        return Path.Combine(root, Path.GetFileName(tarball)[..^".tar.gz".Length]);
    }

    /// <summary>
    /// A copy of the x86_64 release whose server and SQLite library are the arm64 ones: a release for another machine,
    /// with an installer that runs here.
    /// </summary>
    public async Task<string> Arm64PayloadVariantAsync()
    {
        var copy = Path.Combine(root, "variant-arm64-payload");
        (await Run.ProgramAsync("cp", ["-a", Directory, copy])).EnsureSuccess("cp");
        foreach (var file in new[] { "appliance-registry", "libe_sqlite3.so" }) File.Copy(Path.Combine(Arm64Directory, file), Path.Combine(copy, file), overwrite: true);
        return Path.Combine(copy, "mirror-registry");
    }

    /// <summary>A copy of the release that reports another version; a broken one has a server that exits 1 at once.</summary>
    public async Task<string> VariantAsync(string version, bool broken)
    {
        var copy = Path.Combine(root, $"variant-{version}");
        (await Run.ProgramAsync("cp", ["-a", Directory, copy])).EnsureSuccess("cp");
        await File.WriteAllTextAsync(Path.Combine(copy, "VERSION"), version + "\n");
        if (broken) await File.WriteAllTextAsync(Path.Combine(copy, "appliance-registry"), "#!/bin/sh\necho 'deliberately broken build' >&2\nexit 1\n");
        return Path.Combine(copy, "mirror-registry");
    }

    public ValueTask DisposeAsync()
    {
        if (System.IO.Directory.Exists(root)) System.IO.Directory.Delete(root, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>A tarball older than any source it is built from would test yesterday's installer.</summary>
    private static bool IsStale(string tarball)
    {
        var built = File.GetLastWriteTimeUtc(tarball);
        string[] sources = ["src", "certs", "installer", "systemd"];
        return sources.Select(s => Path.Combine(RepositoryRoot, s)).Where(System.IO.Directory.Exists)
            .SelectMany(d => System.IO.Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Any(f => File.GetLastWriteTimeUtc(f) > built);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Appliance.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("cannot find Appliance.sln above the test binaries");
    }
}
