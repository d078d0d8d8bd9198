using Appliance.Core.Audit;
using Appliance.Core.Configuration;
using Appliance.Registry.Audit;
using Appliance.Core.Errors;
using Appliance.Core.Names;
using Appliance.Core.Retention;
using Appliance.Core.Services;
using Appliance.Core.Upstreams;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Api;

/// <summary><c>HEAD|GET|PUT|DELETE /v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>.</summary>
public sealed class ManifestsApi(ManifestService manifests, PullRecorder pulls, PullThroughCache cache, AuditTrail audit, IOptions<RegistryOptions> options)
{
    public async Task GetAsync(HttpContext context, RepositoryName repository, string referenceText)
    {
        // A reference that is neither a tag nor a digest names no manifest the registry could have: 404, as the spec's
        // conformance suite expects (only a PUT is told that its tag is invalid).
        var valid = ManifestReference.TryParse(referenceText, out var reference);
        var manifest = valid ? await manifests.FindAsync(repository, reference, context.RequestAborted) : null;
        // A mapped repository asks its upstream on a miss, and about a cached tag once it is older than the TTL.
        if (valid && cache.Proxies(repository)) manifest = await cache.FindManifestAsync(repository, reference, manifest, context.RequestAborted);
        if (manifest is null)
        {
            await OciError.WriteAsync(context, OciErrorCode.ManifestUnknown, $"manifest {referenceText} is not in repository {repository}");
            return;
        }
        var response = context.Response;
        response.ContentType = manifest.MediaType;
        response.ContentLength = manifest.Content.Length;
        response.Headers[RegistryHeaders.ContentDigest] = manifest.Digest.ToString();
        response.Headers.ETag = $"\"{manifest.Digest}\"";
        if (HttpMethods.IsHead(context.Request.Method)) return;
        pulls.Record(repository, manifest.Digest);
        await response.Body.WriteAsync(manifest.Content, context.RequestAborted);
    }

    public async Task PutAsync(HttpContext context, RepositoryName repository, string referenceText)
    {
        var reference = RequestValues.RequireReference(referenceText);
        var content = await ReadLimitedAsync(context.Request, options.Value.MaxManifestBytes, context.RequestAborted);
        var previous = reference.IsDigest ? null : await manifests.FindAsync(repository, reference, context.RequestAborted);
        var pushed = await manifests.PutAsync(repository, reference, content, context.Request.ContentType, context.RequestAborted);
        audit.Record(context, AuditActions.ManifestPush, repository.Value, pushed.Digest.ToString(), reference.Tag is { } tag ? $"tag {tag}" : null);
        if (previous is not null && previous.Digest != pushed.Digest)
        {
            audit.Record(context, AuditActions.TagMove, repository.Value, pushed.Digest.ToString(), $"tag {reference.Tag} moved from {previous.Digest}");
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/v2/{repository}/manifests/{pushed.Digest}";
        response.Headers[RegistryHeaders.ContentDigest] = pushed.Digest.ToString();
        if (pushed.Subject is { } subject) response.Headers[RegistryHeaders.OciSubject] = subject.ToString();
        response.ContentLength = 0;
    }

    public async Task DeleteAsync(HttpContext context, RepositoryName repository, string referenceText)
    {
        var reference = RequestValues.RequireReference(referenceText);
        await manifests.DeleteAsync(repository, reference, context.RequestAborted);
        audit.Record(context, reference.IsDigest ? AuditActions.ManifestDelete : AuditActions.TagDelete, repository.Value,
            reference.Digest?.ToString(), reference.Tag is { } tag ? $"tag {tag}" : null);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    /// <summary>Manifests are small and must be hashed and parsed whole; anything past the limit is refused unread.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadLimitedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit) throw ManifestService.TooLarge(limit);
        var buffer = new MemoryStream((int)(request.ContentLength ?? 16 * 1024));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) throw ManifestService.TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
