using System.Collections.Concurrent;
using System.Text.Json;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Releases;
using Appliance.Core.Services;
using Microsoft.Extensions.Logging;

namespace Appliance.Core.Retention;

/// <summary>
/// Which images a stored OpenShift release image needs, read by the release reader and cached per manifest digest (a digest's
/// content never changes), so a run reads each release payload once per process. An image is taken for a release image when its
/// config carries the <c>io.openshift.release</c> label, as <c>oc adm release new</c> sets it: only those layers are read.
/// </summary>
public sealed class ReleaseComponents(BlobService blobs, ReleasePayloadReader reader, ILogger<ReleaseComponents> logger)
{
    public const string ReleaseLabel = "io.openshift.release";

    /// <summary>Config blobs larger than this are no image config a release would carry.</summary>
    private const long MaxConfigBytes = 4 * 1024 * 1024;

    private readonly ConcurrentDictionary<Digest, ReleasePayload?> _byManifest = new();

    /// <summary>The payload of the release image, or null when the image is none.</summary>
    public async Task<ReleasePayload?> ReadAsync(RepositoryName repository, Digest digest, ParsedManifest manifest, CancellationToken cancellationToken)
    {
        if (_byManifest.TryGetValue(digest, out var known)) return known;
        if (manifest.IsIndex || manifest.Blobs.Count < 2 || manifest.Subject is not null) return _byManifest[digest] = null;
        if (!await HasReleaseLabelAsync(repository, manifest.Blobs[0], cancellationToken)) return _byManifest[digest] = null;
        try
        {
            return _byManifest[digest] = await reader.ReadAsync(repository, digest, manifest, cancellationToken);
        }
        catch (ReleaseCheckException e)
        {
            // Not cached: a layer pushed later may complete it. Its components are then kept only by their own rules, which the log says.
            logger.LogWarning("Release image {Repository}@{Digest} could not be read, its components are not protected by it: {Reason}",
                repository, digest, e.Message);
            return null;
        }
    }

    private async Task<bool> HasReleaseLabelAsync(RepositoryName repository, Descriptor config, CancellationToken cancellationToken)
    {
        if (config.Size > MaxConfigBytes || config.IsExternal || await blobs.FindAsync(repository, config.Digest, cancellationToken) is null) return false;
        await using var content = await blobs.OpenReadAsync(config.Digest, 0, null, cancellationToken);
        try
        {
            using var document = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("config", out var inner) && inner.ValueKind == JsonValueKind.Object
                   && inner.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
                   && labels.TryGetProperty(ReleaseLabel, out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
