using System.Net;
using System.Net.Http.Headers;
using Appliance.Core.Storage;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests;

public sealed class BlobReadTests : RegistryTest
{
    private static readonly TestBlob Blob = new(BlobUploadTests.RandomBytes(100_000, 5), "application/octet-stream");

    [Fact]
    public async Task Head_reports_length_digest_and_range_support()
    {
        await Registry.PushBlobAsync("repo", Blob);
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/repo/blobs/{Blob.Digest}"), Cancel);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(Blob.Content.Length, head.Content.Headers.ContentLength);
        Assert.Equal(Blob.Digest, head.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Contains("bytes", head.Headers.AcceptRanges);
    }

    [Fact]
    public async Task Range_request_returns_206_with_the_slice()
    {
        await Registry.PushBlobAsync("repo", Blob);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/repo/blobs/{Blob.Digest}");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var response = await Http.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Blob.Content[1000..2000], await response.Content.ReadAsByteArrayAsync(Cancel));
        Assert.Equal(1000, response.Content.Headers.ContentRange!.From);
        Assert.Equal(Blob.Content.Length, response.Content.Headers.ContentRange.Length);
    }

    [Fact]
    public async Task Resumed_pull_from_an_offset_to_the_end()
    {
        await Registry.PushBlobAsync("repo", Blob);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/repo/blobs/{Blob.Digest}");
        request.Headers.Range = new RangeHeaderValue(90_000, null);
        using var response = await Http.SendAsync(request, Cancel);
        Assert.Equal(Blob.Content[90_000..], await response.Content.ReadAsByteArrayAsync(Cancel));
    }

    [Fact]
    public async Task Unknown_blob_is_blob_unknown()
    {
        using var response = await Http.GetAsync($"/v2/repo/blobs/{Blob.Digest}", Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task A_blob_is_served_only_by_repositories_that_have_it()
    {
        await Registry.PushBlobAsync("owner", Blob);
        using var response = await Http.GetAsync($"/v2/stranger/blobs/{Blob.Digest}", Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Identical_blobs_in_two_repositories_are_stored_once()
    {
        await Registry.PushBlobAsync("one", Blob);
        await Registry.PushBlobAsync("two", Blob);
        Assert.Single(await Server.Services.GetRequiredService<IBlobStore>().EnumerateBlobsAsync(Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task Deleted_blob_is_unknown_in_that_repository_only()
    {
        await Registry.PushBlobAsync("one", Blob);
        await Registry.PushBlobAsync("two", Blob);
        using var delete = await Http.DeleteAsync($"/v2/one/blobs/{Blob.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var gone = await Http.GetAsync($"/v2/one/blobs/{Blob.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(Blob.Content, await Http.GetByteArrayAsync($"/v2/two/blobs/{Blob.Digest}", Cancel));
        using var again = await Http.DeleteAsync($"/v2/one/blobs/{Blob.Digest}", Cancel);
        await OciErrorAssert.HasErrorAsync(again, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    // Truncates the blob's file on disk: a filesystem-store case (an S3 registry has no blob file to damage).
    [Fact, Trait("Engines", "default-only")]
    public async Task A_blob_whose_size_on_disk_is_wrong_is_never_served()
    {
        await Registry.PushBlobAsync("repo", Blob);
        var file = Directory.GetFiles(Path.Combine(Server.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).Single();
        await using (var stream = File.OpenWrite(file)) stream.SetLength(Blob.Content.Length / 2);
        using var response = await Http.GetAsync($"/v2/repo/blobs/{Blob.Digest}", Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Theory]
    [InlineData("sha256:123")]
    [InlineData("sha256:..%2F..%2Fregistry.db")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("not-a-digest")]
    public async Task Reading_an_invalid_digest_is_blob_unknown(string digest)
    {
        // The spec's endpoint table gives a blob GET or HEAD only 200 or 404: no blob has that digest.
        using var response = await Http.GetAsync($"/v2/repo/blobs/{digest}", Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UNKNOWN");
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/repo/blobs/{digest}"), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task Deleting_an_invalid_digest_is_digest_invalid()
    {
        using var response = await Http.DeleteAsync("/v2/repo/blobs/sha256:123", Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }
}
