using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Appliance.Core.Storage;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests;

public sealed class BlobUploadTests : RegistryTest
{
    private static readonly byte[] Content = RandomBytes(300_000, 1);
    private static readonly string ContentDigest = Sha256(Content);

    [Fact]
    public async Task Monolithic_post_with_digest_creates_the_blob()
    {
        using var response = await Http.PostAsync($"/v2/repo/blobs/uploads/?digest={ContentDigest}", Bytes(Content), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/repo/blobs/{ContentDigest}", response.Headers.Location!.OriginalString);
        Assert.Equal(ContentDigest, response.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Equal(Content, await Http.GetByteArrayAsync($"/v2/repo/blobs/{ContentDigest}", Cancel));
    }

    [Fact]
    public async Task Session_with_streamed_patch_then_put_creates_the_blob()
    {
        var location = await StartAsync("repo");
        using var patch = await PatchAsync(location, Content);
        Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        Assert.Equal($"0-{Content.Length - 1}", patch.Headers.GetValues("Range").Single());
        Assert.NotEmpty(patch.Headers.GetValues("Docker-Upload-UUID").Single());

        using var put = await Http.PutAsync($"{patch.Headers.Location}?digest={ContentDigest}", null, Cancel);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(Content, await Http.GetByteArrayAsync($"/v2/repo/blobs/{ContentDigest}", Cancel));
    }

    [Fact]
    public async Task Completed_upload_leaves_no_session_record()
    {
        var location = await StartAsync("repo");
        using (var patch = await PatchAsync(location, Content)) Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        var sessions = Server.Services.GetRequiredService<IUploadSessions>();
        Assert.True(UploadId.TryParse(location.Split('/')[^1], out var id));
        Assert.NotNull(await sessions.FindAsync(id, Cancel));

        using (var put = await Http.PutAsync($"{location}?digest={ContentDigest}", null, Cancel)) Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        // The session ends in the transaction that links the blob, not in a later one a crash could skip.
        Assert.Null(await sessions.FindAsync(id, Cancel));
        using var status = await Http.GetAsync(location, Cancel);
        await OciErrorAssert.HasErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Start_answers_202_with_location_range_and_uuid()
    {
        using var response = await Http.PostAsync("/v2/a/b/blobs/uploads/", null, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var uuid = response.Headers.GetValues("Docker-Upload-UUID").Single();
        Assert.Equal($"/v2/a/b/blobs/uploads/{uuid}", response.Headers.Location!.OriginalString);
        Assert.Equal("0-0", response.Headers.GetValues("Range").Single());
    }

    [Fact]
    public async Task Chunked_upload_with_content_range_in_order_succeeds()
    {
        var location = await StartAsync("repo");
        var first = Content[..100_000];
        var second = Content[100_000..];
        using (var response = await PatchAsync(location, first, "0-99999")) Assert.Equal("0-99999", response.Headers.GetValues("Range").Single());
        using (var response = await PatchAsync(location, second, $"100000-{Content.Length - 1}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        using var put = await Http.PutAsync($"{location}?digest={ContentDigest}", null, Cancel);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    [Fact]
    public async Task Chunks_that_start_and_end_off_block_boundaries_reassemble_exactly()
    {
        // Whole aligned pieces are written with direct I/O, ragged ones through the page cache: mix all cases.
        var content = RandomBytes(3 * 1024 * 1024 + 5000, 11);
        int[] cuts = [0, 1024 * 1024 + 8192, 3 * 1024 * 1024 + 123, content.Length];
        var location = await StartAsync("repo");
        for (var i = 0; i + 1 < cuts.Length; i++)
        {
            using var response = await PatchAsync(location, content[cuts[i]..cuts[i + 1]], $"{cuts[i]}-{cuts[i + 1] - 1}");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        var digest = Sha256(content);
        using var put = await Http.PutAsync($"{location}?digest={digest}", null, Cancel);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(content, await Http.GetByteArrayAsync($"/v2/repo/blobs/{digest}", Cancel));
    }

    [Fact]
    public async Task Out_of_order_chunk_is_416_with_the_range_to_resume_from()
    {
        var location = await StartAsync("repo");
        using (await PatchAsync(location, Content[..1000], "0-999")) { }
        using var response = await PatchAsync(location, Content[2000..3000], "2000-2999");
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal("0-999", response.Headers.GetValues("Range").Single());
        Assert.Equal(location, response.Headers.Location!.OriginalString);

        using var status = await Http.GetAsync(location, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-999", status.Headers.GetValues("Range").Single());
    }

    [Fact]
    public async Task Put_with_the_last_chunk_as_body_completes_the_upload()
    {
        var location = await StartAsync("repo");
        using (await PatchAsync(location, Content[..5000])) { }
        using var put = await Http.PutAsync($"{location}?digest={ContentDigest}", Bytes(Content[5000..]), Cancel);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(Content, await Http.GetByteArrayAsync($"/v2/repo/blobs/{ContentDigest}", Cancel));
    }

    [Fact]
    public async Task Digest_mismatch_is_rejected_and_nothing_is_published()
    {
        var wrong = Sha256([1, 2, 3]);
        var location = await StartAsync("repo");
        using (await PatchAsync(location, Content)) { }
        using var put = await Http.PutAsync($"{location}?digest={wrong}", null, Cancel);
        await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");

        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/repo/blobs/{ContentDigest}"), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await Server.Services.GetRequiredService<IBlobStore>().EnumerateUploadsAsync(Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task Monolithic_digest_mismatch_leaves_no_spool_file()
    {
        using var response = await Http.PostAsync($"/v2/repo/blobs/uploads/?digest={Sha256([9])}", Bytes(Content), Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.BadRequest, "DIGEST_INVALID");
        Assert.Empty(await Server.Services.GetRequiredService<IBlobStore>().EnumerateUploadsAsync(Cancel).ToListAsync(Cancel));
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    public async Task Invalid_digest_on_completion_is_digest_invalid(string digest)
    {
        var location = await StartAsync("repo");
        using var put = await Http.PutAsync($"{location}?digest={digest}", Bytes(Content), Cancel);
        await OciErrorAssert.HasErrorAsync(put, HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task Sha512_digests_are_verified_and_served()
    {
        var digest = "sha512:" + Convert.ToHexStringLower(SHA512.HashData(Content));
        using var response = await Http.PostAsync($"/v2/repo/blobs/uploads/?digest={digest}", Bytes(Content), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Content, await Http.GetByteArrayAsync($"/v2/repo/blobs/{digest}", Cancel));
    }

    [Fact]
    public async Task Cancelled_upload_is_gone()
    {
        var location = await StartAsync("repo");
        using (await PatchAsync(location, Content[..10])) { }
        using var cancel = await Http.DeleteAsync(location, Cancel);
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        using var status = await Http.GetAsync(location, Cancel);
        await OciErrorAssert.HasErrorAsync(status, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
        Assert.Empty(await Server.Services.GetRequiredService<IBlobStore>().EnumerateUploadsAsync(Cancel).ToListAsync(Cancel));
    }

    [Theory]
    [InlineData("/v2/repo/blobs/uploads/0123456789abcdef0123456789abcdef")]
    [InlineData("/v2/repo/blobs/uploads/not-an-id")]
    [InlineData("/v2/repo/blobs/uploads/..%2F..%2Fregistry.db")]
    public async Task Unknown_upload_is_blob_upload_unknown(string location)
    {
        using var response = await Http.GetAsync(location, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Upload_cannot_be_continued_through_another_repository()
    {
        var location = await StartAsync("owner");
        using var response = await Http.PatchAsync(location.Replace("/owner/", "/intruder/", StringComparison.Ordinal), Bytes(Content), Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task Upload_resumes_after_a_server_restart()
    {
        var location = await StartAsync("repo");
        using (await PatchAsync(location, Content[..120_000], "0-119999")) { }

        await Server.RestartAsync();

        using (var status = await Http.GetAsync(location, Cancel))
        {
            Assert.Equal("0-119999", status.Headers.GetValues("Range").Single());
        }
        using (var patch = await PatchAsync(location, Content[120_000..], $"120000-{Content.Length - 1}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, patch.StatusCode);
        }
        using var put = await Http.PutAsync($"{location}?digest={ContentDigest}", null, Cancel);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(Content, await Http.GetByteArrayAsync($"/v2/repo/blobs/{ContentDigest}", Cancel));
    }

    [Fact]
    public async Task Mount_from_a_repository_that_has_the_blob_is_201()
    {
        await Registry.PushBlobAsync("source/repo", new TestBlob(Content, "application/octet-stream"));
        using var response = await Http.PostAsync($"/v2/target/repo/blobs/uploads/?mount={ContentDigest}&from=source/repo", null, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/target/repo/blobs/{ContentDigest}", response.Headers.Location!.OriginalString);
        Assert.Equal(Content, await Http.GetByteArrayAsync($"/v2/target/repo/blobs/{ContentDigest}", Cancel));
    }

    [Theory]
    [InlineData("&from=elsewhere")]
    [InlineData("")]
    public async Task Mount_of_a_blob_the_source_lacks_falls_back_to_an_upload_session(string from)
    {
        await Registry.PushBlobAsync("other", new TestBlob(Content, "application/octet-stream"));
        using var response = await Http.PostAsync($"/v2/target/blobs/uploads/?mount={ContentDigest}{from}", null, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("/v2/target/blobs/uploads/", response.Headers.Location!.OriginalString);
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/target/blobs/{ContentDigest}"), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    private async Task<string> StartAsync(string repository)
    {
        using var response = await Http.PostAsync($"/v2/{repository}/blobs/uploads/", null, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private async Task<HttpResponseMessage> PatchAsync(string location, byte[] chunk, string? contentRange = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = Bytes(chunk) };
        if (contentRange is not null) request.Content.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        return await Http.SendAsync(request, Cancel);
    }

    internal static ByteArrayContent Bytes(byte[] content)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return body;
    }

    internal static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    internal static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
}
