using Appliance.Registry.Auth;
using Appliance.Core.Auth;
using System.Text;
using System.Text.Json;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Services;

namespace Appliance.Registry.ConsoleApi;

/// <summary><c>GET /api/v1/manifest?repository=&amp;reference=</c>: the stored JSON and what it says, with its referrers.</summary>
public static class ManifestApi
{
    private const int MaxConfigBytes = 1 << 20;

    public static async Task<IResult> GetAsync(HttpContext context, ManifestService manifests, BlobService blobs, ReferrersService referrers,
        CallerAccess access, string? repository, string? reference, CancellationToken cancel)
    {
        if (!RepositoryName.TryParse(repository, out var name) || reference is null || !ManifestReference.TryParse(reference, out var parsed))
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, "repository and reference (a tag or digest) are required");
        }
        if (await RepositoriesApi.RefusedAsync(context, access, name, RegistryAction.Pull) is { } refused) return refused;
        var manifest = await manifests.FindAsync(name, parsed, cancel);
        if (manifest is null) return ConsoleProblem.Of(StatusCodes.Status404NotFound, $"manifest {reference} is not in repository {name}");

        using var document = JsonDocument.Parse(manifest.Content);
        var root = document.RootElement;
        object? config = null;
        if (root.TryGetProperty("config", out var configDescriptor) && ManifestJson.Text(configDescriptor, "digest") is { } configDigest
            && Digest.TryParse(configDigest, out var configBlobDigest) && ManifestJson.Text(configDescriptor, "mediaType") is var configType
            && configType is null or "application/vnd.oci.image.config.v1+json" or "application/vnd.docker.container.image.v1+json"
            && await blobs.FindAsync(name, configBlobDigest, cancel) is { Length: <= MaxConfigBytes } stored)
        {
            await using var content = await blobs.OpenReadAsync(configBlobDigest, 0, stored.Length, cancel);
            var bytes = new byte[stored.Length];
            await content.ReadExactlyAsync(bytes, cancel);
            config = ManifestJson.ConfigSummary(bytes);
        }
        var found = await referrers.ListAsync(name, manifest.Digest, null, cancel);
        var children = new List<object>();
        foreach (var child in MediaTypes.IsIndex(manifest.MediaType) ? ManifestJson.Platforms(manifest.Content) : [])
        {
            // A sparse index (oc-mirror's platform filter) lists platforms that were never mirrored: shown as such, not as damage.
            var present = Digest.TryParse(child.Digest, out var childDigest)
                && await manifests.FindAsync(name, ManifestReference.ForDigest(childDigest), cancel) is not null;
            children.Add(new { child.Digest, child.MediaType, child.Size, child.Platform, present });
        }
        return Results.Ok(new
        {
            repository = name.Value,
            digest = manifest.Digest.ToString(),
            manifest.MediaType,
            kind = RepositoriesApi.KindOf(manifest.MediaType, ManifestJson.Text(root, "artifactType")),
            json = Encoding.UTF8.GetString(manifest.Content.Span),
            config,
            layers = ManifestJson.Layers(root),
            children,
            referrers = found.Select(r => new { digest = r.Digest.ToString(), r.MediaType, r.ArtifactType, r.Size }),
        });
    }
}
