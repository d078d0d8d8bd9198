using System.Text.Json;
using Appliance.Core.ClusterConfig;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.Import;

/// <summary>
/// Tells operator catalog images from other images the way OLM's tooling marks them: a file-based catalog's image config
/// carries the label <see cref="OcMirrorResources.CatalogLabel"/>. For an index, its first platform that is here decides.
/// </summary>
public sealed class OperatorCatalogs(IManifestIndex manifests, IBlobStore blobs, ManifestParser parser)
{
    private const int MaxConfigBytes = 1 << 20;

    public async Task<bool> IsCatalogAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var manifest = await manifests.FindByDigestAsync(repository, digest, cancellationToken);
        if (manifest is null) return false;
        var parsed = parser.Parse(manifest.Content, manifest.MediaType);
        if (parsed.IsIndex)
        {
            foreach (var child in parsed.Children)
            {
                if (await manifests.FindByDigestAsync(repository, child.Digest, cancellationToken) is { } platform)
                {
                    return await HasCatalogLabelAsync(parser.Parse(platform.Content, platform.MediaType), cancellationToken);
                }
            }
            return false;
        }
        return await HasCatalogLabelAsync(parsed, cancellationToken);
    }

    private async Task<bool> HasCatalogLabelAsync(ParsedManifest image, CancellationToken cancellationToken)
    {
        if (image.Blobs.Count == 0 || await blobs.FindAsync(image.Blobs[0].Digest, cancellationToken) is not { Length: <= MaxConfigBytes } config)
        {
            return false;
        }
        await using var stream = await blobs.OpenReadAsync(image.Blobs[0].Digest, 0, config.Length, cancellationToken);
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            return document.RootElement.TryGetProperty("config", out var inner) && inner.ValueKind == JsonValueKind.Object
                && inner.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
                && labels.TryGetProperty(OcMirrorResources.CatalogLabel, out _);
        }
        catch (JsonException)
        {
            return false; // an artifact's config, not an image's
        }
    }
}
