using System.Net;
using System.Net.Http.Headers;
using Amazon.S3.Model;
using Appliance.Testing;

namespace Appliance.Storage.S3.Tests;

/// <summary>A registry whose blobs are in S3: reads, redirects, upload expiry and readiness, over HTTP.</summary>
public sealed class S3RegistryTests
{
    private const int MiB = 1024 * 1024;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_range_across_a_part_boundary_answers_206_with_those_bytes()
    {
        var (server, _) = await S3Registry.StartAsync();
        await using var _server = server;
        using var client = server.CreateRegistryClient();
        var blob = TestImages.Layer(20 * MiB, 31);
        await client.PushBlobAsync("app", blob);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/app/blobs/{blob.Digest}");
        request.Headers.Range = new RangeHeaderValue(16 * MiB - 10, 16 * MiB + 9);
        using var response = await client.Http.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(blob.Content[(16 * MiB - 10)..(16 * MiB + 10)], await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(blob.Content, await client.Http.GetByteArrayAsync($"/v2/app/blobs/{blob.Digest}", Cancel));
        // The bytes are in the bucket, not in the data directory.
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "blobs")));
    }

    [Fact]
    public async Task Redirect_mode_sends_blob_downloads_to_a_presigned_url_of_the_object_store()
    {
        var (server, _) = await S3Registry.StartAsync("--storage:s3:redirect", "true");
        await using var _server = server;
        using var client = server.CreateRegistryClient();
        var blob = TestImages.Layer(3 * MiB, 32);
        await client.PushBlobAsync("app", blob);

        using var registry = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var response = await registry.GetAsync($"/v2/app/blobs/{blob.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith((await CephRgw.SharedAsync()).Endpoint, location.AbsoluteUri);
        using var objectStore = new HttpClient();
        Assert.Equal(blob.Content, await objectStore.GetByteArrayAsync(location, Cancel));

        using var head = await registry.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/app/blobs/{blob.Digest}"), Cancel);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(blob.Content.LongLength, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task An_expired_upload_leaves_nothing_in_the_bucket()
    {
        var (server, bucket) = await S3Registry.StartAsync("--gc:uploadExpiry", "00:00:00");
        await using var _server = server;
        using var client = server.CreateRegistryClient();
        using var start = await client.Http.PostAsync("/v2/app/blobs/uploads/", null, Cancel);
        var location = start.Headers.Location!.OriginalString;
        // A full part and a tail.
        using (var patch = await client.Http.PatchAsync(location, new ByteArrayContent(new byte[20 * MiB]), Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        }
        Assert.NotEmpty(await UploadObjectsAsync(bucket));
        await Task.Delay(TimeSpan.FromSeconds(1.1), Cancel);

        using var gc = await client.Http.PostAsync("/admin/gc", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, gc.StatusCode);
        Assert.Empty(await UploadObjectsAsync(bucket));
        using var status = await client.Http.GetAsync(location, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    [Fact]
    public async Task Readiness_fails_while_the_bucket_is_unavailable()
    {
        var (server, bucket) = await S3Registry.StartAsync();
        await using var _server = server;
        using var client = server.CreateClient();
        using (var ready = await client.GetAsync("/health/ready", Cancel)) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        using var s3 = (await CephRgw.SharedAsync()).CreateClient();
        await s3.DeleteBucketAsync(bucket, Cancel);
        using var unavailable = await client.GetAsync("/health/ready", Cancel);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Contains($"storage.s3.bucket: {bucket} does not exist", await unavailable.Content.ReadAsStringAsync(Cancel));
    }

    private static async Task<List<string>> UploadObjectsAsync(string bucket)
    {
        using var s3 = (await CephRgw.SharedAsync()).CreateClient();
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "uploads/" }, Cancel);
        return (listing.S3Objects ?? []).Select(o => o.Key).ToList();
    }
}
