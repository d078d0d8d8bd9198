using Amazon.S3.Model;
using Appliance.Registry.Hosting;
using Appliance.Testing;

namespace Appliance.Storage.S3.Tests;

/// <summary>The registry executable on S3: bad settings stop start-up with one line, and verify checks the bucket.</summary>
public sealed class S3CommandLineTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wrong_credentials_stop_start_up_with_one_line_naming_the_credentials_file()
    {
        var ceph = await CephRgw.SharedAsync();
        using var data = new TestDirectory();
        var credentials = data.Combine("credentials");
        await File.WriteAllTextAsync(credentials, $"[default]\naws_access_key_id = NOTAKEY\naws_secret_access_key = {ceph.SecretKey}\n", Cancel);
        var bucket = await ceph.CreateBucketAsync(Cancel);

        var result = await StartAsync(data.Path, [.. ceph.ServerArguments(bucket), "--storage:s3:credentialsFile", credentials]);
        Assert.Equal($"appliance-registry: storage.s3.credentialsFile: access denied by {ceph.Endpoint} (InvalidAccessKeyId)", OneLine(result));
        Assert.DoesNotContain(ceph.SecretKey, result.All);
    }

    [Fact]
    public async Task A_missing_bucket_stops_start_up_with_one_line_naming_the_bucket()
    {
        var ceph = await CephRgw.SharedAsync();
        using var data = new TestDirectory();
        var result = await StartAsync(data.Path, ceph.ServerArguments("no-such-bucket"));
        Assert.Equal($"appliance-registry: storage.s3.bucket: no-such-bucket does not exist at {ceph.Endpoint}", OneLine(result));
    }

    [Fact]
    public async Task An_unreachable_endpoint_stops_start_up_with_one_line_naming_the_endpoint()
    {
        var ceph = await CephRgw.SharedAsync();
        using var data = new TestDirectory();
        // A port nobody listens on: bound and released again.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closed = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var result = await StartAsync(data.Path, [.. ceph.ServerArguments("any"), "--storage:s3:endpoint", closed]);
        Assert.StartsWith($"appliance-registry: storage.s3.endpoint: {closed} is unreachable (", OneLine(result));
    }

    [Fact]
    public async Task A_misspelt_s3_setting_is_a_usage_error()
    {
        using var data = new TestDirectory();
        var result = await StartAsync(data.Path, ["--storage:driver", "s3", "--storage:s3:bukket", "registry"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--storage:s3:bukket", result.StandardError);
    }

    [Fact]
    public async Task Verify_finds_a_blob_object_deleted_behind_the_registrys_back()
    {
        var (server, bucket) = await S3Registry.StartAsync();
        await using var _server = server;
        using var client = server.CreateRegistryClient();
        var image = TestImages.Image(2, 8192, 33);
        await client.PushImageAsync("app", "v1", image);
        var ceph = await CephRgw.SharedAsync();
        string[] s3 = ceph.ServerArguments(bucket);

        var clean = await RunAsync(server.DataDirectory, ["verify", .. s3]);
        Assert.True(clean.ExitCode == 0, clean.All);
        Assert.Contains($"checked {image.Blobs.Count()} blobs: clean", clean.StandardOutput);

        var layer = image.Layers[0];
        using var objects = ceph.CreateClient();
        await objects.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = $"blobs/sha256/{layer.Digest[7..9]}/{layer.Digest[7..]}" }, Cancel);
        var found = await RunAsync(server.DataDirectory, ["verify", "--sample", "10", .. s3]);
        Assert.Equal(1, found.ExitCode);
        Assert.Contains($"missing: {layer.Digest}", found.StandardOutput);
    }

    [Fact]
    public async Task Check_engines_reports_a_writable_bucket_and_a_wrong_key_in_one_line_leaving_the_bucket_empty()
    {
        var ceph = await CephRgw.SharedAsync();
        using var data = new TestDirectory();
        var bucket = await ceph.CreateBucketAsync(Cancel);
        var good = await RunAsync(data.Path, ["check-engines", .. ceph.ServerArguments(bucket)]);
        Assert.True(good.ExitCode == 0, good.All);
        Assert.Equal($"storage: bucket {bucket} at {ceph.Endpoint} takes writes", good.StandardOutput.Trim());
        using var s3 = ceph.CreateClient();
        Assert.Empty((await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Cancel)).S3Objects ?? []);

        var credentials = data.Combine("credentials");
        await File.WriteAllTextAsync(credentials, $"[default]\naws_access_key_id = {ceph.AccessKey}\naws_secret_access_key = not-the-secret-key\n", Cancel);
        var wrong = await RunAsync(data.Path, ["check-engines", .. ceph.ServerArguments(bucket), "--storage:s3:credentialsFile", credentials]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal($"storage.s3.credentialsFile: access denied by {ceph.Endpoint} (SignatureDoesNotMatch)", wrong.StandardError.Trim());
        Assert.DoesNotContain("not-the-secret-key", wrong.All);
    }

    private static Task<ProcessResult> StartAsync(string data, string[] s3) =>
        RunAsync(data, ["--listen", "127.0.0.1:0", "--tls:enabled", "false", .. s3]);

    private static Task<ProcessResult> RunAsync(string data, string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [typeof(RegistryHost).Assembly.Location, .. arguments, "--data", data], TimeSpan.FromMinutes(1));

    /// <summary>The error output, which must be exactly one line; exit code 2 is start-up's "fix your settings".</summary>
    private static string OneLine(ProcessResult result)
    {
        Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}:\n{result.All}");
        var lines = result.StandardError.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, $"expected one line:\n{result.StandardError}");
        return lines[0];
    }
}
