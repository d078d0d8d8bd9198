using System.Diagnostics;
using System.Text.Json;
using Appliance.Testing;

namespace Appliance.Benchmarks;

/// <summary>
/// An oc-mirror archive into our registry: <c>import oc-mirror</c> against the path it replaces, disk-to-mirror's
/// (unpack the archive into a local distribution registry, then push every image again over HTTP with
/// <c>skopeo sync --all</c>). Both start from the same archive with a cold page cache and end with the same images in a
/// fresh registry of ours; MB/s is the archive's size over the whole path's time. The import also reports the peak RSS of
/// its process, against which the idle registry's is the memory it adds.
/// </summary>
public sealed class ImportBenchmark(BenchmarkSettings settings, string binary, string work)
{
    private const string Repository = "bench/images";

    public int Images => settings.Quick ? 4 : 16;
    public long LayerBytes => settings.Quick ? 4L << 20 : 128L << 20;

    public async Task<(Measurement Import, Measurement UnpackAndSync, Measurement ImportPeakRss, long ArchiveBytes)> RunAsync()
    {
        var archive = WriteArchive();
        var bytes = new FileInfo(archive).Length;
        var import = new Measurement("MB/s");
        var unpackAndSync = new Measurement("MB/s");
        var peak = new Measurement("MiB");
        for (var repetition = 0; repetition < settings.Repetitions; repetition++)
        {
            var (seconds, peakMiB) = await ImportAsync(archive, repetition);
            import.Add(bytes / 1e6 / seconds);
            peak.Add(peakMiB);
            unpackAndSync.Add(bytes / 1e6 / await UnpackAndSyncAsync(archive, repetition));
            Console.Error.WriteLine($"   {bytes >> 20} MiB archive: import {import.Values[^1]:0} MB/s (peak RSS {peakMiB:0} MiB), unpack + skopeo sync {unpackAndSync.Values[^1]:0} MB/s");
        }
        File.Delete(archive);
        return (import, unpackAndSync, peak, bytes);
    }

    /// <summary><see cref="Images"/> images of one random layer each, tagged t0.., in one repository, archived as oc-mirror writes it.</summary>
    private string WriteArchive()
    {
        var storage = Path.Combine(work, "import-source");
        var v2 = Path.Combine(storage, "docker", "registry", "v2");
        for (var i = 0; i < Images; i++)
        {
            var layout = LayoutWriter.WriteBigLayerImage(Path.Combine(work, $"import-layout-{i}"), LayerBytes, seed: 5000 + i);
            using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
            var manifest = index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
            var repository = Path.Combine(v2, "repositories", Repository);
            foreach (var blob in Directory.EnumerateFiles(Path.Combine(layout, "blobs", "sha256")))
            {
                var hex = Path.GetFileName(blob);
                var data = Path.Combine(v2, "blobs", "sha256", hex[..2], hex);
                Directory.CreateDirectory(data);
                File.Move(blob, Path.Combine(data, "data"), overwrite: true);
                var link = Path.Combine(repository, hex == manifest[7..] ? "_manifests/revisions" : "_layers", "sha256", hex);
                Directory.CreateDirectory(link);
                File.WriteAllText(Path.Combine(link, "link"), $"sha256:{hex}");
            }
            var tag = Path.Combine(repository, "_manifests", "tags", $"t{i}", "current");
            Directory.CreateDirectory(tag);
            File.WriteAllText(Path.Combine(tag, "link"), manifest);
            Directory.Delete(layout, recursive: true);
        }
        var (volumes, _) = OcMirrorArchive.Write(storage, Path.Combine(work, "import-archive"), volumes: 1);
        Directory.Delete(storage, recursive: true);
        return volumes[0];
    }

    private async Task<(double Seconds, double PeakMiB)> ImportAsync(string archive, int repetition)
    {
        var data = Path.Combine(work, $"import-into-{repetition}");
        await PhysicalLimits.SyncAsync();
        await PhysicalLimits.DropPageCacheAsync();
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "import", "oc-mirror", archive, "--prefix", "ocp4", "--data", data, "--tls:enabled", "false" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        double peakKiB = 0;
        while (!process.HasExited)
        {
            peakKiB = Math.Max(peakKiB, PeakResidentKiB(process.Id));
            await Task.Delay(50);
        }
        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"import exited {process.ExitCode}: {await output}{await errors}");
        WorkDirectory.Delete(data);
        return (seconds, peakKiB / 1024);
    }

    /// <summary>oc-mirror's disk-to-mirror: the archive unpacked into a registry's storage, then every image pushed again.</summary>
    private async Task<double> UnpackAndSyncAsync(string archive, int repetition)
    {
        await using var source = new DistributionRegistry(work, name: $"import source {repetition}");
        await using var target = new ApplianceRegistry(binary, work, tls: false, $"import target {repetition}");
        await target.StartAsync();
        Directory.CreateDirectory(source.StorageDirectory);
        await PhysicalLimits.SyncAsync();
        await PhysicalLimits.DropPageCacheAsync();
        var clock = Stopwatch.StartNew();
        (await ProcessRunner.RunAsync("tar", ["-xf", archive, "-C", source.StorageDirectory], TimeSpan.FromMinutes(10))).EnsureSuccess("unpack the archive");
        var unpacked = clock.Elapsed;
        await source.StartAsync();
        clock.Restart();
        (await ProcessRunner.RunAsync("skopeo", ["sync", "--all", "--src", "docker", "--dest", "docker", "--src-tls-verify=false", "--dest-tls-verify=false",
            $"{source.Authority}/{Repository}", $"{target.Authority}/ocp4/bench"], TimeSpan.FromMinutes(20))).EnsureSuccess("skopeo sync");
        var seconds = (unpacked + clock.Elapsed).TotalSeconds;
        await source.StopAsync();
        await target.StopAsync();
        WorkDirectory.Delete(source.DataDirectory);
        WorkDirectory.Delete(target.DataDirectory);
        return seconds;
    }

    /// <summary>VmHWM of /proc/PID/status: the process's peak resident set so far.</summary>
    private static double PeakResidentKiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0; // it has just exited
        }
    }
}
