[assembly: AssemblyFixture(typeof(Appliance.Installer.Tests.Release))]

namespace Appliance.Installer.Tests;

/// <summary>
/// The release tarball under test (dist/mirror-registry-*-linux-x64.tar.gz, built with ./build.sh dist when
/// missing), unpacked once per test run and shared by all tests.
/// </summary>
public sealed class Release : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"mirror-registry-release-{Guid.NewGuid():N}");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public string Directory { get; private set; } = "";
    public string Installer => Path.Combine(Directory, "mirror-registry");
    public string Version => File.ReadAllText(Path.Combine(Directory, "VERSION")).Trim();

    public async ValueTask InitializeAsync()
    {
        if (TestHost.Unavailable() is not null) return;
        await TestHost.PrepareAsync();
        var dist = Path.Combine(RepositoryRoot, "dist");
        var tarball = System.IO.Directory.Exists(dist) ? System.IO.Directory.GetFiles(dist, "mirror-registry-*-linux-x64.tar.gz").OrderBy(File.GetLastWriteTimeUtc).LastOrDefault() : null;
        if (tarball is null || IsStale(tarball))
        {
            (await Run.ProgramAsync(Path.Combine(RepositoryRoot, "build.sh"), ["dist"], timeout: TimeSpan.FromMinutes(10))).EnsureSuccess("./build.sh dist");
            tarball = System.IO.Directory.GetFiles(dist, "mirror-registry-*-linux-x64.tar.gz").OrderBy(File.GetLastWriteTimeUtc).Last();
        }
        System.IO.Directory.CreateDirectory(root);
        (await Run.ProgramAsync("tar", ["-xzf", tarball, "-C", root])).EnsureSuccess("tar");
        Directory = System.IO.Directory.GetDirectories(root).Single();
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
