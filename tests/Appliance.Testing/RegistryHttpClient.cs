using System.Net;
using System.Net.Http.Headers;

namespace Appliance.Testing;

/// <summary>Pushes test content over the plain Docker v2 / OCI HTTP API, as oc and oc-mirror do.</summary>
public sealed class RegistryHttpClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    /// <summary>
    /// Session plus one PUT with the whole blob: the upload every registry supports (distribution
    /// ignores a digest on the POST); the single-request POST has tests of its own.
    /// </summary>
    public async Task PushBlobAsync(string repository, TestBlob blob)
    {
        using var start = await Http.PostAsync($"/v2/{repository}/blobs/uploads/", null);
        await EnsureStatusAsync(start, HttpStatusCode.Accepted, $"start upload of {blob.Digest}");
        var location = start.Headers.Location!.OriginalString;
        using var content = new ByteArrayContent(blob.Content);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await Http.PutAsync($"{location}{(location.Contains('?') ? '&' : '?')}digest={blob.Digest}", content);
        await EnsureStatusAsync(response, HttpStatusCode.Created, $"push blob {blob.Digest}");
    }

    public Task<HttpResponseMessage> PutManifestAsync(string repository, string reference, TestBlob manifest) =>
        PutManifestAsync(repository, reference, manifest.Content, manifest.MediaType);

    public Task<HttpResponseMessage> PutManifestAsync(string repository, string reference, byte[] content, string? mediaType)
    {
        var body = new ByteArrayContent(content);
        if (mediaType is not null) body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return Http.PutAsync($"/v2/{repository}/manifests/{reference}", body);
    }

    /// <summary>Pushes blobs, then the manifest under <paramref name="reference"/> (a tag, or the digest for push-by-digest).</summary>
    public async Task PushImageAsync(string repository, string reference, TestImage image)
    {
        foreach (var blob in image.Blobs.DistinctBy(b => b.Digest)) await PushBlobAsync(repository, blob);
        using var response = await PutManifestAsync(repository, reference, image.Manifest);
        await EnsureStatusAsync(response, HttpStatusCode.Created, $"push manifest {reference}");
    }

    public async Task PushIndexAsync(string repository, string reference, TestIndex index)
    {
        foreach (var image in index.Images) await PushImageAsync(repository, image.Digest, image);
        using var response = await PutManifestAsync(repository, reference, index.Manifest);
        await EnsureStatusAsync(response, HttpStatusCode.Created, $"push index {reference}");
    }

    public static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            throw new HttpRequestException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Dispose() => Http.Dispose();
}
