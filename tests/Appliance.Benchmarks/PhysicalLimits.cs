using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>What this machine can do at most, measured in the same run: hashing on one core, disk write with fsync, disk read.</summary>
public static partial class PhysicalLimits
{
    public static async Task<double> Sha256MegabytesPerSecondAsync()
    {
        var result = await ProcessRunner.RunAsync("openssl", ["speed", "-bytes", "16384", "-seconds", "3", "sha256"]);
        var match = SpeedLine().Match(result.StandardOutput);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 1000 : double.NaN;
    }

    /// <summary>Sequential write then fsync, and (after dropping the page cache, when root) read of the same file.</summary>
    public static async Task<(double WriteMBps, double ReadMBps)> DiskAsync(string directory, long bytes)
    {
        var path = Path.Combine(directory, "disk-probe.bin");
        var buffer = new byte[4 << 20];
        new Random(7).NextBytes(buffer);
        var clock = Stopwatch.StartNew();
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0))
        {
            for (long written = 0; written < bytes; written += buffer.Length) await file.WriteAsync(buffer);
            file.Flush(flushToDisk: true);
        }
        var write = bytes / 1e6 / clock.Elapsed.TotalSeconds;
        await DropPageCacheAsync();
        clock.Restart();
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 0))
        {
            while (await file.ReadAsync(buffer) > 0) { }
        }
        var read = bytes / 1e6 / clock.Elapsed.TotalSeconds;
        File.Delete(path);
        return (write, read);
    }

    /// <summary>Writes dirty pages out and empties the page cache (root only), so the next read comes from the disk.</summary>
    public static async Task DropPageCacheAsync()
    {
        if (Environment.UserName != "root") return;
        await SyncAsync();
        await File.WriteAllTextAsync("/proc/sys/vm/drop_caches", "3");
    }

    /// <summary>Writes every dirty page out, so what runs next does not share the disk with earlier write-back.</summary>
    public static async Task SyncAsync() => (await ProcessRunner.RunAsync("sync", [])).EnsureSuccess("sync");

    [GeneratedRegex(@"^sha256\s+([\d.]+)k", RegexOptions.Multiline)]
    private static partial Regex SpeedLine();
}
