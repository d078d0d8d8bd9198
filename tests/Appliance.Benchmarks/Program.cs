using System.Diagnostics;
using System.Security.Cryptography;
using Appliance.Benchmarks;
using Appliance.Registry.Auth;

// ./build.sh bench [--quick]: our registry and CNCF distribution, each over plain HTTP and over TLS, measured in alternation in one run.
var settings = BenchmarkSettings.From(args);
var binary = Argument("--binary") ?? throw new ArgumentException("--binary PATH of the published appliance-registry is required");
var resultsDirectory = Argument("--results") ?? "results";
var installer = Argument("--installer");
var run = Stopwatch.StartNew();
var work = Path.Combine("/var/tmp", $"appliance-bench-{DateTime.UtcNow:yyyyMMddHHmmss}");
Directory.CreateDirectory(work);
var report = new ResultsReport(settings);
await report.DescribeMachineAsync(work);

Console.Error.WriteLine("== physical limits");
var sha256 = await PhysicalLimits.Sha256MegabytesPerSecondAsync();
var (diskWrite, diskRead) = await PhysicalLimits.DiskAsync(work, settings.Quick ? 64L << 20 : 1L << 30);
report.Add(new ResultRow("sha256, one core", One(sha256, "MB/s"), null, null, null, true, null, ""));
report.Add(new ResultRow("disk write + fsync", One(diskWrite, "MB/s"), null, null, null, true, null, ""));
report.Add(new ResultRow("disk read (cold)", One(diskRead, "MB/s"), null, null, null, true, null, ""));
var pushLimit = Math.Min(sha256, diskWrite);

await using var ours = new ApplianceRegistry(binary, work, tls: false);
await using var distribution = new DistributionRegistry(work);
await using var oursTls = new ApplianceRegistry(binary, work, tls: true);
await using var distributionTls = new DistributionRegistry(work, tls: true);
BenchmarkRegistry[] all = [ours, distribution, oursTls, distributionTls];
var idle = new Dictionary<BenchmarkRegistry, Measurement>();
foreach (var registry in all)
{
    await registry.StartAsync();
    await Task.Delay(500);
    idle[registry] = One(registry.Memory().Rss, "MiB");
}
report.Add(Row("start-up to ready", await StartUpsAsync(), false, null, "< 1000 ms"));
report.Add(Row("RSS at idle", idle, false, null, "<= 80 MiB"));

var transfers = new TransferBenchmarks(settings, work, all);
await SectionAsync($"{settings.BigLayerBytes >> 20} MiB layer", async () =>
{
    var big = await transfers.BigLayerAsync();
    report.Add(Row($"push {settings.BigLayerBytes >> 20} MiB layer (skopeo)", big.Push, true, pushLimit, ">= 1.0x, >= 70% of min(sha256, disk write)"));
    report.Add(Row($"pull {settings.BigLayerBytes >> 20} MiB layer (skopeo)", big.Pull, true, diskRead, ">= 1.0x"));
    report.Add(Row("RSS growth during the big push", big.RssGrowth, false, null, "<= 32 MiB"));
    report.Note("big-layer pulls start from a cold page cache (sync and drop_caches before each, as root) for every registry.");
});
await SectionAsync($"{settings.ManyLayers} layers of 1 MiB", async () =>
{
    var many = await transfers.ManyLayersAsync();
    report.Add(Row($"push {settings.ManyLayers} x 1 MiB layers", many.Push, false, null, ""));
    report.Add(Row($"pull {settings.ManyLayers} x 1 MiB layers", many.Pull, false, null, ""));
});
await SectionAsync("multi-arch index", async () =>
    report.Add(Row("copy --all of a 4-image index", await transfers.MultiArchIndexAsync(), false, null, "")));
await SectionAsync("16 concurrent pushers", async () =>
{
    var fleet = await transfers.ConcurrentPushersAsync();
    report.Add(Row("16 concurrent pushers, shared layers", fleet.Throughput, true, pushLimit, ""));
    report.Note($"failed pushes with 16 concurrent pushers: {string.Join(", ", fleet.Errors.Select(e => $"{e.Key.Name} {e.Value}"))}");
});

await SectionAsync("pull storm", async () =>
{
    // Registries of their own, with the auth each has: token auth for ours, htpasswd Basic auth for distribution.
    var credentials = new BasicCredentials("bench", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    await using var oursAuth = new ApplianceRegistry(binary, work, tls: true, "storm appliance", credentials);
    await using var distributionAuth = new DistributionRegistry(work, tls: true, "storm distribution", credentials);
    await oursAuth.StartAsync();
    await distributionAuth.StartAsync();
    var size = settings.Storm;
    var storm = await new PullStormBenchmark(settings).RunAsync([oursAuth, distributionAuth], credentials);
    ResultRow TlsRow(string metric, Dictionary<BenchmarkRegistry, Measurement> values, bool higherIsBetter, string target) =>
        new(metric, null, null, values[oursAuth], values[distributionAuth], higherIsBetter, null, target);
    report.Add(TlsRow($"pull storm: {size}, aggregate", storm.Throughput, true, ">= 1.5x"));
    report.Add(TlsRow("pull storm: server CPU per GiB served", storm.ServerCpuPerGiB, false, ">= 1.0x (CPU <= distribution's)"));
    report.Add(TlsRow("pull storm: client CPU per GiB (same 2 cores)", storm.ClientCpuPerGiB, false, ""));
    report.Note($"failed layer transfers in the pull storm (each retried once): {string.Join(", ", storm.FailedTransfers.Select(e => $"{e.Key.Name} {e.Value}"))}");
    report.Note("pull storm: every node (client) starts each pull anew (connection, TLS handshake, auth) and reads the layers without hashing them; " +
                "ours with token auth (a 401, then a token from /v2/auth with Basic credentials, then the token); distribution with htpasswd " +
                "Basic auth (bcrypt of cost 5, as htpasswd -B makes, checked on every request): its packaged config has no token auth, which needs a separate token server.");
});

var requests = new RequestBenchmarks(settings, [ours, distribution]);
await SectionAsync("small requests", async () =>
{
    foreach (var (metric, rate, p99) in await requests.SmallRequestsAsync())
    {
        report.Add(Row($"{metric}", rate, true, null, metric.EndsWith("c=16", StringComparison.Ordinal) ? ">= 1.5x" : ""));
        report.Add(Row($"{metric}, p99", p99, false, null, ""));
    }
});
await SectionAsync($"listings of {settings.ListingEntries}", async () =>
{
    var listings = await requests.ListingsAsync();
    report.Add(Row($"tags/list of {settings.ListingEntries} tags", listings.Tags, false, null, "p50 < 20 ms"));
    report.Add(Row($"_catalog of {settings.ListingEntries} repositories", listings.Catalog, false, null, "p50 < 20 ms"));
    report.Note($"listings: ours in one page (n={ours.MaxPageSize}); distribution page by page (its maximum n={distribution.MaxPageSize}), following Link.");
});
await SectionAsync($"garbage collection of {settings.GcManifests} manifests", async () =>
{
    var (gc, note) = await new GcBenchmark(settings).RunAsync(ours, distribution);
    report.Add(Row($"GC after deleting {settings.GcManifests} manifests / {settings.GcManifests * settings.GcBlobsPerManifest} blobs", gc, false, null, "< 30 s"));
    report.Note(note);
});

await SectionAsync("import of an oc-mirror archive", async () =>
{
    var benchmark = new ImportBenchmark(settings, binary, work);
    var (import, unpackAndSync, peak, bytes) = await benchmark.RunAsync();
    var label = $"{bytes >> 20} MiB oc-mirror archive ({benchmark.Images} images)";
    report.Add(new ResultRow($"{label}: import oc-mirror vs unpack + skopeo sync --all", import, unpackAndSync, null, null, true, diskWrite,
        ">= 3.0x, >= 70% of disk write"));
    var added = new Measurement("MiB");
    foreach (var value in peak.Values) added.Add(value - idle[ours].Median);
    report.Add(new ResultRow($"{label}: memory the import adds (peak RSS - idle RSS)", added, null, null, null, false, null, "< 64 MiB"));
    report.Note("import: both paths from the same archive with a cold page cache into a fresh registry of ours (plain HTTP); the second is oc-mirror's "
                + "disk-to-mirror path without oc-mirror itself: tar -x into a local distribution's storage, then skopeo sync --all into ours.");
});

await SectionAsync("release mirror", async () =>
{
    var benchmark = new ReleaseMirrorBenchmark(settings, binary, work);
    var (mirror, skopeo) = await benchmark.RunAsync();
    report.Add(new ResultRow($"release mirror of a {benchmark.Components}-component release vs skopeo copy --all one by one", mirror, skopeo, null, null, true, null, ">= 2.0x"));
});

await SectionAsync("pull-through cache", async () =>
{
    var (direct, cold, warm) = await new PullThroughCacheBenchmark(settings, binary, work).RunAsync();
    var layer = $"{settings.BigLayerBytes >> 20} MiB layer";
    report.Add(new ResultRow($"pull-through cache: cold pull of a {layer} through ours (ours tls) vs directly from its upstream (distribution tls)",
        null, null, cold, direct, true, null, ">= 0.9x"));
    report.Add(new ResultRow($"pull-through cache: warm pull of a {layer}", null, null, warm, null, true, diskRead, "as the big-layer pull"));
    report.Note("pull-through cache: the upstream is distribution over TLS with htpasswd (as in the tests); skopeo pulls from a cold page cache each time.");
});

await SectionAsync("takeover of a mirror-registry 2.x store", async () =>
{
    var benchmark = new TakeoverBenchmark(settings, binary, work);
    var (seconds, rate) = await benchmark.RunAsync();
    var label = $"takeover of a {Appliance.Core.Configuration.ByteSizes.Format(benchmark.StoreBytes)} mirror-registry 2.x store ({benchmark.Images} images), import mirror-registry --link";
    report.Add(new ResultRow($"{label}: start to exit", seconds, null, null, null, false, null, "< 120 s"));
    report.Add(new ResultRow($"{label}: store size over time", rate, null, null, null, true, diskRead, "one read of the blobs"));
    report.Note("takeover: a Quay installation (SQLite, quay-storage) written in the run's work directory, the same filesystem as the fresh data "
                + "directory, so every blob is hard-linked and read once to be verified; timed from a cold page cache, the published binary run "
                + "offline as the installer runs it. One repetition: the source store is written anew for each (minutes for 10 GiB), and one "
                + "cold read of that size is long enough to be steady. What the installer adds on top (stopping Quay's units, installing and "
                + "starting ours) is seconds: see the remote install row.");
});

await SectionAsync("access control", async () =>
{
    var identity = await new IdentityBenchmark(settings, binary, work).RunAsync();
    foreach (var (metric, withGrants, globalRoles) in identity.Rates)
    {
        report.Add(new ResultRow($"{metric}: 1,000 grants + 100 robots (ours column) vs global roles (distribution column), TLS", withGrants, globalRoles,
            null, null, true, null, ">= 0.90x"));
    }
    report.Add(new ResultRow("first login: directory user (OpenLDAP, ldaps) (ours column) vs local user, bcrypt cost 12 (distribution column)",
        identity.DirectoryLogin, identity.LocalLogin, null, null, false, null, ">= 1.0x"));
    report.Note("access control: both columns are our registry over TLS with token auth; the caller is a robot whose only right is a namespace grant "
                + "among 1,000 grants, against a user with the global pull role. A token carries what was decided when it was issued, so GET manifest "
                + "with a token measures token validation; with Basic credentials the decision runs on every request.");
});

await SectionAsync("remote install over SSH", async () =>
{
    var unavailable = installer is null ? "no --installer given" : Appliance.Testing.TestHosts.TestHost.Unavailable();
    if (unavailable is not null)
    {
        report.Note($"remote install: not measured ({unavailable})");
        return;
    }
    var (install, hosts) = await new RemoteInstallBenchmark(settings, installer!).RunAsync();
    report.Add(new ResultRow("remote install over SSH (sudo user, fresh systemd host)", install, null, null, null, false, null, "< 30 s"));
    report.Note(hosts);
});

await SectionAsync("scale-out engines", async () =>
{
    // Last: the Ceph and PostgreSQL it starts keep running (and working in the background) until the run ends.
    // Our registry on S3 blobs (a Ceph RGW on the in-memory memstore, on the same 2 cores) and PostgreSQL metadata, over TLS:
    // one replica, then three behind HAProxy, each on a database and bucket of its own; compare with the fs+sqlite TLS column.
    // One after the other, the first one's bucket deleted before the second starts: the memstore's 4 GiB hold one
    // configuration's layers, not two, and a full OSD makes the gateway wait rather than fail.
    const string engines = "s3+postgres";
    foreach (var (label, replicaCount) in new[] { ("one replica", 1), ("three replicas behind HAProxy", 3) })
    {
        var engineArguments = await Appliance.Testing.TestBackend.EngineArgumentsAsync(engines, Path.Combine(work, $"{engines}-{replicaCount}"), CancellationToken.None);
        await using (var registry = await StartReplicasAsync(engineArguments, replicaCount))
        {
            var onEngines = new TransferBenchmarks(settings, work, [registry]);
            var big = await onEngines.BigLayerAsync();
            var cpuBefore = registry.CpuTime();
            var fleet = await onEngines.ConcurrentPushersAsync();
            var cpuPerGiB = (registry.CpuTime() - cpuBefore).TotalSeconds / (fleet.BytesPerRegistry / (double)(1L << 30));
            ResultRow EngineRow(string metric, Measurement value) => new(metric, null, null, value, null, true, null, "");
            report.Add(EngineRow($"push {settings.BigLayerBytes >> 20} MiB layer, {engines}, {label}", big.Push[registry]));
            report.Add(EngineRow($"pull {settings.BigLayerBytes >> 20} MiB layer, {engines}, {label}", big.Pull[registry]));
            report.Add(EngineRow($"16 concurrent pushers, {engines}, {label}", fleet.Throughput[registry]));
            report.Add(new ResultRow($"16 concurrent pushers, {engines}, {label}: registry CPU per GiB pushed", null, null,
                One(cpuPerGiB, "s/GiB"), null, false, null, ""));
            report.Note($"{engines}, {label}: failed pushes with 16 pushers: {fleet.Errors[registry]}.");
        }
        await Appliance.Testing.TestBackend.DeleteBucketAsync(engineArguments, CancellationToken.None);
    }

    report.Note($"{engines}: S3 is a single-node Ceph RGW 16.2 on memstore and PostgreSQL 15 on this machine, sharing its 2 cores with the " +
                "registry replicas, HAProxy and the clients, so three replicas here show the cost of balancing, not the gain of more hosts.");

    async Task<BenchmarkRegistry> StartReplicasAsync(string[] engineArguments, int count)
    {
        if (count > 1) return await BalancedReplicas.StartAsync(binary, work, engines, engineArguments, count);
        var single = new ApplianceRegistry(binary, work, tls: true, $"appliance {engines}", engineArguments: engineArguments);
        await single.StartAsync();
        return single;
    }
});

foreach (var registry in all) await registry.StopAsync();
Console.Error.WriteLine($"== removing the work directory (at {run.Elapsed:mm\\:ss})");
WorkDirectory.Delete(work);
report.Note($"whole run, removing its hundreds of thousands of files included: {run.Elapsed:mm\\:ss}");
Console.WriteLine(report.ToMarkdown());
await report.WriteAsync(resultsDirectory);

// Start-up: the median of several first starts, each on a fresh data directory, the registries in turn. One start is at the
// mercy of whatever else the machine does at that moment, and the harness's own first HTTP and TLS requests would be
// charged to whichever registry came first.
async Task<Dictionary<BenchmarkRegistry, Measurement>> StartUpsAsync()
{
    var startUps = all.ToDictionary(r => r, _ => new Measurement("ms"));
    for (var i = 0; i < settings.Repetitions + 2; i++)
    {
        foreach (var registry in all)
        {
            await using BenchmarkRegistry fresh = registry is ApplianceRegistry
                ? new ApplianceRegistry(binary, work, registry.Tls, $"start-up {i} appliance")
                : new DistributionRegistry(work, registry.Tls, $"start-up {i} distribution");
            await fresh.StartAsync();
            startUps[registry].Add(fresh.StartupSeconds * 1000);
        }
    }
    return startUps;
}

// A failing section becomes a note in the report instead of losing every figure measured before it.
async Task SectionAsync(string name, Func<Task> measure)
{
    // Start-up and the physical limits always run; they give every other figure its context.
    if (settings.Only is { } only && !only.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))) return;
    Console.Error.WriteLine($"== {name} (at {run.Elapsed:mm\\:ss})");
    try
    {
        await measure();
    }
    catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TimeoutException or IOException or KeyNotFoundException
        or System.ComponentModel.Win32Exception)
    {
        report.Note($"{name}: not measured ({e.Message.Split('\n')[0]})");
        // The inner exception says why: a reset connection, a timeout, a certificate.
        Console.Error.WriteLine($"   failed: {e.Message.Split('\n')[0]} {e.InnerException?.Message}");
    }
}

ResultRow Row(string metric, Dictionary<BenchmarkRegistry, Measurement> values, bool higherIsBetter, double? limit, string target) =>
    new(metric, values[ours], values.GetValueOrDefault(distribution), values.GetValueOrDefault(oursTls), values.GetValueOrDefault(distributionTls),
        higherIsBetter, limit, target);

static Measurement One(double value, string unit)
{
    var measurement = new Measurement(unit);
    measurement.Add(value);
    return measurement;
}

string? Argument(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
