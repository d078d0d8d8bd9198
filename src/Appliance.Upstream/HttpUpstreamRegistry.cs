using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Upstreams;

namespace Appliance.Upstream;

/// <summary>One upstream registry over HTTP(S), with the distribution spec's pull side and the authentication podman does.</summary>
public sealed class HttpUpstreamRegistry : IUpstreamRegistry, IDisposable
{
    /// <summary>Larger answers to a manifest request are refused unread: no registry stores manifests that large.</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    private static readonly string[] ManifestTypes =
        [MediaTypes.OciIndex, MediaTypes.OciManifest, MediaTypes.DockerManifestList, MediaTypes.DockerManifest];

    private readonly HttpClient _http;
    private readonly UpstreamAuthenticator _authenticator;
    private readonly Uri _baseAddress;
    private readonly string? _proxy;

    public HttpUpstreamRegistry(string host, UpstreamHostOptions settings, string? httpsProxy, UpstreamCredentials? credentials, TimeSpan timeout,
        TimeProvider clock)
    {
        Host = host;
        _baseAddress = new Uri($"{(settings.PlainHttp ? "http" : "https")}://{host}/");
        _http = new HttpClient(UpstreamHandler.Create(settings, httpsProxy)) { Timeout = timeout };
        _proxy = UpstreamHandler.ProxyName(httpsProxy);
        _authenticator = new UpstreamAuthenticator(_http, host, _proxy, credentials, clock);
    }

    public string Host { get; }

    public UpstreamAuthentication Authentication => _authenticator.Authentication;

    public async Task<UpstreamManifest?> GetManifestAsync(string repository, ManifestReference reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{repository}/manifests/{reference}", repository, ManifestTypes, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        RequireSuccess(response, repository, $"manifest {reference}");
        var content = await ReadLimitedAsync(response, repository, cancellationToken);
        var mediaType = MediaTypes.Normalize(response.Content.Headers.ContentType?.MediaType) ?? MediaTypeFromContent(content) ?? MediaTypes.OciManifest;
        var claimed = reference.Digest ?? (Digest.TryParse(HeaderValue(response, "Docker-Content-Digest"), out var header) ? header : null);
        var digest = Digest.Compute(claimed?.Algorithm ?? DigestAlgorithm.Sha256, content);
        if (claimed is { } expected && expected != digest)
        {
            throw new UpstreamException(UpstreamFailure.DigestMismatch, Host,
                $"upstream {Host} sent manifest {reference} of {repository} with digest {digest}, not {expected}: refused");
        }
        return new UpstreamManifest(content, mediaType, digest);
    }

    public async Task<UpstreamManifestHead?> HeadManifestAsync(string repository, ManifestReference reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, $"{repository}/manifests/{reference}", repository, ManifestTypes, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        RequireSuccess(response, repository, $"manifest {reference}");
        if (!Digest.TryParse(HeaderValue(response, "Docker-Content-Digest"), out var digest))
        {
            // A registry that names no digest on HEAD: the manifest itself says it.
            return await GetManifestAsync(repository, reference, cancellationToken) is { } manifest
                ? new UpstreamManifestHead(manifest.Digest, manifest.MediaType, manifest.Content.Length)
                : null;
        }
        if (reference.Digest is { } expected && expected != digest)
        {
            throw new UpstreamException(UpstreamFailure.DigestMismatch, Host, $"upstream {Host} names digest {digest} for {repository}@{expected}: refused");
        }
        return new UpstreamManifestHead(digest, MediaTypes.Normalize(response.Content.Headers.ContentType?.MediaType) ?? MediaTypes.OciManifest,
            response.Content.Headers.ContentLength ?? -1);
    }

    public async Task<UpstreamBlob?> OpenBlobAsync(string repository, Digest digest, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, $"{repository}/blobs/{digest}", repository, null, cancellationToken);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                response.Dispose();
                return null;
            }
            RequireSuccess(response, repository, $"blob {digest}");
            var length = response.Content.Headers.ContentLength
                         ?? throw new UpstreamException(UpstreamFailure.Protocol, Host, $"upstream {Host} sent blob {digest} of {repository} without a length");
            return new UpstreamBlob(new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken)), length);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyList<string>> ListTagsAsync(string repository, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        string? next = $"{repository}/tags/list?n=1000";
        while (next is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, next, repository, null, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound) return tags;
            RequireSuccess(response, repository, "the tag list");
            try
            {
                using var document = JsonDocument.Parse(await ReadLimitedAsync(response, repository, cancellationToken));
                if (document.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
                }
            }
            catch (JsonException)
            {
                throw new UpstreamException(UpstreamFailure.Protocol, Host, $"upstream {Host} sent a tag list of {repository} that is not JSON");
            }
            next = NextPage(response);
        }
        return tags;
    }

    public async Task<UpstreamManifest?> GetReferrersAsync(string repository, Digest subject, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{repository}/referrers/{subject}", repository, [MediaTypes.OciIndex], cancellationToken);
        if (!response.IsSuccessStatusCode || MediaTypes.Normalize(response.Content.Headers.ContentType?.MediaType) != MediaTypes.OciIndex) return null;
        var content = await ReadLimitedAsync(response, repository, cancellationToken);
        return new UpstreamManifest(content, MediaTypes.OciIndex, Digest.Sha256(content));
    }

    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, "", null, null, cancellationToken);
            return response.IsSuccessStatusCode ? [] : [$"upstream {Host}: GET /v2/ answered {(int)response.StatusCode}"];
        }
        catch (UpstreamException e)
        {
            return [e.Message];
        }
    }

    /// <summary>A request under <c>/v2/</c>, authenticated as the upstream asks; a 401 that credentials cannot answer throws.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? repository, string[]? accept, CancellationToken cancellationToken)
    {
        var scope = repository is null ? null : $"repository:{repository}:pull";
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(_baseAddress, "/v2/" + path));
            foreach (var type in accept ?? []) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            var authorization = await _authenticator.HeaderAsync(scope, cancellationToken);
            request.Headers.Authorization = authorization;
            var response = await UpstreamErrors.SendAsync(_http, request, Host, _proxy, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
            var retry = _authenticator.Learn(response, scope, authorization);
            response.Dispose();
            if (!retry || attempt > 0) throw _authenticator.Refused();
        }
    }

    private void RequireSuccess(HttpResponseMessage response, string repository, string what)
    {
        if (response.IsSuccessStatusCode) return;
        var failure = response.StatusCode == HttpStatusCode.Forbidden ? UpstreamFailure.Unauthorized
            : (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests ? UpstreamFailure.Unreachable
            : UpstreamFailure.Protocol;
        throw new UpstreamException(failure, Host, $"upstream {Host} answered {(int)response.StatusCode} for {what} of {repository}");
    }

    private async Task<byte[]> ReadLimitedAsync(HttpResponseMessage response, string repository, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxManifestBytes) throw TooLarge(repository);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxManifestBytes) throw TooLarge(repository);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private UpstreamException TooLarge(string repository) =>
        new(UpstreamFailure.Protocol, Host, $"upstream {Host} sent more than {MaxManifestBytes} bytes for a manifest of {repository}");

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The path after <c>/v2/</c> of a <c>Link: &lt;/v2/…&gt;; rel="next"</c>, or null on the last page.</summary>
    private static string? NextPage(HttpResponseMessage response)
    {
        var link = HeaderValue(response, "Link");
        if (link is null || !link.Contains("rel=\"next\"", StringComparison.Ordinal)) return null;
        var start = link.IndexOf('<');
        var end = link.IndexOf('>');
        if (start < 0 || end <= start) return null;
        var target = link[(start + 1)..end];
        var v2 = target.IndexOf("/v2/", StringComparison.Ordinal);
        return v2 < 0 ? null : target[(v2 + 4)..];
    }

    /// <summary>A manifest sent without a Content-Type: its own mediaType field, as the spec requires images to carry.</summary>
    private static string? MediaTypeFromContent(byte[] content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
