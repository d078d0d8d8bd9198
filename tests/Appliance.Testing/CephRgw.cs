using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;
using Appliance.Storage.S3;

namespace Appliance.Testing;

/// <summary>
/// A real S3 object store for tests: one Ceph monitor, one OSD on the in-memory memstore and one RADOS Gateway on
/// 127.0.0.1, as plain processes in a directory of their own, cephx off; ready in about 3 seconds. One per test process,
/// started on first use and stopped by PID when the process exits. Needs the Debian packages ceph-mon, ceph-osd,
/// radosgw, ceph-common.
/// </summary>
public sealed class CephRgw : IDisposable
{
    private static readonly Lazy<Task<CephRgw>> Shared = new(() => StartAsync(CancellationToken.None));

    private readonly string _directory;
    private readonly List<Process> _daemons = [];
    private Process? _gateway;

    private CephRgw(string directory)
    {
        _directory = directory;
        AccessKey = Convert.ToHexString(Guid.NewGuid().ToByteArray())[..20];
        SecretKey = Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray())[..8];
        CredentialsFile = Path.Combine(directory, "credentials");
    }

    public string Endpoint { get; private set; } = "";

    public string AccessKey { get; }

    public string SecretKey { get; }

    /// <summary>An AWS-style credentials file with the test user's keys, as the registry's <c>storage.s3.credentialsFile</c> reads it.</summary>
    public string CredentialsFile { get; }

    private string ConfigFile => Path.Combine(_directory, "ceph.conf");

    /// <summary>The Ceph of this test process, started on first use.</summary>
    public static Task<CephRgw> SharedAsync() => Shared.Value;

    /// <summary>
    /// Stops the shared Ceph if it was started, for an assembly fixture's end: stopping it only at process exit runs after the
    /// test runner returned, and xunit then waits for the process and reports foreground threads left running.
    /// </summary>
    public static async Task StopSharedAsync()
    {
        if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully) await Task.Run((await Shared.Value).Stop);
    }

    /// <summary>A Ceph of the caller's own, for a test that stalls it; disposing it stops it.</summary>
    public static Task<CephRgw> StartOwnAsync(CancellationToken cancellationToken) => StartAsync(cancellationToken);

    /// <summary>
    /// Freezes (SIGSTOP) or thaws (SIGCONT) the gateway: its port still accepts connections but nothing answers, as when a
    /// full OSD makes it wait or a network drops packets.
    /// </summary>
    public void FreezeGateway(bool frozen) => Signal(_gateway ?? throw new InvalidOperationException("the gateway is not running"), frozen ? "-STOP" : "-CONT");

    public void Dispose() => Stop();

    /// <summary>The option naming the bucket in <see cref="ServerArguments"/>.</summary>
    public const string BucketOption = "--storage:s3:bucket";

    /// <summary>The arguments that put a registry's blobs in <paramref name="bucket"/> of this Ceph.</summary>
    public string[] ServerArguments(string bucket) =>
        ["--storage:driver", "s3", "--storage:s3:endpoint", Endpoint, BucketOption, bucket, "--storage:s3:credentialsFile", CredentialsFile];

    public S3StorageOptions Options(string bucket, string prefix = "") =>
        new() { Endpoint = Endpoint, Bucket = bucket, Prefix = prefix, CredentialsFile = CredentialsFile };

    public AmazonS3Client CreateClient() => S3ClientFactory.Create(Options("unused"));

    public async Task<string> CreateBucketAsync(CancellationToken cancellationToken)
    {
        var bucket = $"test-{Guid.NewGuid():N}";
        using var s3 = CreateClient();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
        return bucket;
    }

    /// <summary>
    /// Deletes a bucket with everything in it, unfinished multipart uploads included: the memstore keeps every object in RAM
    /// up to its cap, and a full OSD makes the gateway wait instead of failing, so a run that writes gigabytes frees what it
    /// no longer needs.
    /// </summary>
    public async Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        using var s3 = CreateClient();
        var uploads = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket }, cancellationToken);
        foreach (var upload in uploads.MultipartUploads ?? [])
        {
            await s3.AbortMultipartUploadAsync(bucket, upload.Key, upload.UploadId, cancellationToken);
        }
        var listing = new ListObjectsV2Request { BucketName = bucket };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(listing, cancellationToken);
            if (page.S3Objects is { Count: > 0 } objects)
            {
                await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [.. objects.Select(o => new KeyVersion { Key = o.Key })] },
                    cancellationToken);
            }
            listing.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        await s3.DeleteBucketAsync(bucket, cancellationToken);
    }

    private static async Task<CephRgw> StartAsync(CancellationToken cancellationToken)
    {
        foreach (var tool in new[] { "ceph-mon", "ceph-osd", "radosgw", "ceph", "monmaptool", "radosgw-admin" })
        {
            if (!ProcessRunner.IsInstalled(tool)) throw new InvalidOperationException($"{tool} is missing: apt-get install ceph-mon ceph-osd radosgw ceph-common");
        }
        var ceph = new CephRgw(Path.Combine(Path.GetTempPath(), $"appliance-ceph-{Guid.NewGuid():N}"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ceph.Stop();
        try
        {
            await ceph.StartDaemonsAsync(cancellationToken);
            return ceph;
        }
        catch (Exception e)
        {
            var logs = string.Join("\n", Directory.EnumerateFiles(Path.Combine(ceph._directory, "log"), "*.out").Select(f => $"{f}: {File.ReadAllText(f)}"));
            ceph.Stop();
            throw new InvalidOperationException($"Ceph did not start: {e.Message}\n{logs}", e);
        }
    }

    private async Task StartDaemonsAsync(CancellationToken cancellationToken)
    {
        foreach (var sub in new[] { "mon", "osd/osd.0", "log", "run" }) Directory.CreateDirectory(Path.Combine(_directory, sub));
        var monitorPort = FreePort();
        var gatewayPort = FreePort();
        var fsid = Guid.NewGuid().ToString();
        var osdId = Guid.NewGuid().ToString();
        await File.WriteAllTextAsync(ConfigFile, CephConfig.Render(_directory, fsid, monitorPort, gatewayPort), cancellationToken);
        await File.WriteAllTextAsync(CredentialsFile, $"[default]\naws_access_key_id = {AccessKey}\naws_secret_access_key = {SecretKey}\n", cancellationToken);

        var monmap = Path.Combine(_directory, "monmap");
        await RunAsync("monmaptool", "--create", "--fsid", fsid, "--addv", "a", $"[v2:127.0.0.1:{monitorPort}]", monmap);
        await RunAsync("ceph-mon", "-c", ConfigFile, "-i", "a", "--mkfs", "--monmap", monmap);
        Spawn("mon", "ceph-mon", "-i", "a");
        await Poll.UntilAsync("the monitor is up", async () => (await CephAsync("mon", "stat")).ExitCode == 0, TimeSpan.FromSeconds(30), PollInterval);

        // The OSD registers as id 0, formats its memstore and adds itself to the CRUSH map when it runs.
        await CephAsync("osd", "new", osdId, "0");
        await RunAsync("ceph-osd", "-c", ConfigFile, "-i", "0", "--mkfs", "--osd-uuid", osdId);
        Spawn("osd", "ceph-osd", "-i", "0");
        await Poll.UntilAsync("the OSD is up",
            async () => (await CephAsync("osd", "dump")).StandardOutput.Split('\n').Any(l => l.StartsWith("osd.0 up", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60), PollInterval);

        // The gateway creates its pools on first start; S3 is ready once its port answers.
        _gateway = Spawn("rgw", "radosgw", "-n", "client.rgw");
        Endpoint = $"http://127.0.0.1:{gatewayPort}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync("the RADOS gateway is up", async () =>
        {
            try { return (await http.GetAsync(Endpoint, cancellationToken)).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, TimeSpan.FromSeconds(120), PollInterval);
        await RunAsync("radosgw-admin", "-c", ConfigFile, "-n", "client.rgw", "--admin-socket=", "user", "create", "--uid=test", "--display-name=test",
            $"--access-key={AccessKey}", $"--secret={SecretKey}");
    }

    /// <summary>Runs a daemon in the foreground under exec, so the PID we hold is the daemon's own; its output goes to log/NAME.out.</summary>
    private Process Spawn(string name, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" -f -c \"$CEPH_CONF_FILE\" </dev/null >>\"$CEPH_LOG\" 2>&1");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["CEPH_CONF_FILE"] = ConfigFile;
        start.Environment["CEPH_LOG"] = Path.Combine(_directory, "log", $"{name}.out");
        var daemon = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        _daemons.Add(daemon);
        return daemon;
    }

    private Task<ProcessResult> CephAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("timeout", ["5", "ceph", "-c", ConfigFile, .. arguments], TimeSpan.FromSeconds(10));

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private async Task RunAsync(string program, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(program, arguments, TimeSpan.FromSeconds(60));
        result.EnsureSuccess(program);
    }

    /// <summary>Stops the daemons in reverse start order (gateway, OSD, monitor), each waited for, then removes the directory.</summary>
    private void Stop()
    {
        for (var i = _daemons.Count - 1; i >= 0; i--)
        {
            var daemon = _daemons[i];
            if (daemon.HasExited) continue;
            // SIGTERM first (after SIGCONT, should it be frozen), so the OSD can say goodbye to the monitor.
            Signal(daemon, "-CONT");
            Signal(daemon, "-TERM");
            if (!daemon.WaitForExit(TimeSpan.FromSeconds(10))) daemon.Kill();
        }
        _daemons.Clear();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static void Signal(Process daemon, string signal)
    {
        using var kill = Process.Start("kill", [signal, daemon.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
