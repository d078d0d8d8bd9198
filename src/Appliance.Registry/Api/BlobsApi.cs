using Appliance.Core.Audit;
using Appliance.Core.Content;
using Appliance.Registry.Audit;
using Appliance.Core.Errors;
using Appliance.Core.Names;
using Appliance.Core.Services;
using Appliance.Core.Upstreams;
using Microsoft.AspNetCore.Http.Features;

namespace Appliance.Registry.Api;

/// <summary><c>HEAD|GET|DELETE /v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>.</summary>
public sealed class BlobsApi(BlobService blobs, PullThroughCache cache, AuditTrail audit)
{
    public async Task GetAsync(HttpContext context, RepositoryName repository, string digestText)
    {
        // A malformed or unsupported digest names no blob the registry could have: the spec's answer is 404.
        var valid = Digest.TryParse(digestText, out var digest);
        var blob = valid ? await blobs.FindAsync(repository, digest, context.RequestAborted) : null;
        if (valid && cache.Proxies(repository))
        {
            if (blob is not null) await cache.BlobHitAsync(repository, digest, context.RequestAborted);
            else if (await cache.FetchBlobAsync(repository, digest, context.RequestAborted) is { } cached)
            {
                if (cached.Content is null) blob = await blobs.FindAsync(repository, digest, context.RequestAborted);
                else
                {
                    await SendFetchingAsync(context, digest, cached);
                    return;
                }
            }
        }
        if (blob is null)
        {
            await OciError.WriteAsync(context, OciErrorCode.BlobUnknown, $"blob {digestText} is not in repository {repository}");
            return;
        }
        context.Response.Headers[RegistryHeaders.ContentDigest] = digest.ToString();
        var entityTag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{digest}\"");
        if (blobs.FileOf(digest) is { } file)
        {
            // The framework handles HEAD, Range and If-None-Match; the body goes out through the pipe in large pieces.
            context.Features.Set<IHttpResponseBodyFeature>(new PipeSendFileFeature(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>()));
            await TypedResults.PhysicalFile(file, "application/octet-stream", entityTag: entityTag, enableRangeProcessing: true).ExecuteAsync(context);
        }
        else if (HttpMethods.IsGet(context.Request.Method) && blobs.GetDownloadUrl(digest) is { } url)
        {
            // The object store serves the bytes; a HEAD is still answered here, with the size, in one round trip.
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = url.AbsoluteUri;
        }
        else
        {
            await TypedResults.Stream(new BlobReadStream(blobs, digest, blob.Length), "application/octet-stream", entityTag: entityTag,
                enableRangeProcessing: true).ExecuteAsync(context);
        }
    }

    /// <summary>A blob on its way from the upstream: sent as it arrives, whole (no ranges), its length as the upstream announced it.</summary>
    private static async Task SendFetchingAsync(HttpContext context, Digest digest, CacheBlob cached)
    {
        await using var content = cached.Content!;
        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.ContentLength = cached.Length;
        response.Headers[RegistryHeaders.ContentDigest] = digest.ToString();
        response.Headers.ETag = $"\"{digest}\"";
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await content.CopyToAsync(response.Body, 1024 * 1024, context.RequestAborted);
    }

    public async Task DeleteAsync(HttpContext context, RepositoryName repository, string digestText)
    {
        var digest = RequestValues.RequireDigest(digestText);
        await blobs.DeleteAsync(repository, digest, context.RequestAborted);
        audit.Record(context, AuditActions.BlobDelete, repository.Value, digest.ToString());
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }
}
