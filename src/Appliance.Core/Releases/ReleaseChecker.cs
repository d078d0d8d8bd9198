using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Services;
using Appliance.Core.Storage;

namespace Appliance.Core.Releases;

/// <summary>
/// Is a mirrored OpenShift release complete? Reads the release's list of component images from its stored layers and
/// looks each one up, by manifest digest, in the repository it is mirrored to. A multi-arch release index is checked
/// payload by payload.
/// </summary>
public sealed class ReleaseChecker(ManifestService manifests, ManifestParser parser, ReleasePayloadReader payloads)
{
    /// <summary>The repository of this registry that holds the release <paramref name="release"/> names.</summary>
    public static RepositoryName RepositoryOf(ImageReference release, MirrorMap map) =>
        map.Map(release.Host, release.Path)?.Repository
        ?? throw new ReleaseCheckException(ReleaseCheckFailure.BadInput,
            $"{release.Repository} is not in this registry and no --source maps it; add --source {release.Host}=MIRROR (or a longer SOURCE)");

    public async Task<ReleaseCheckReport> CheckAsync(ImageReference release, MirrorMap map, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        var repository = RepositoryOf(release, map);
        var stored = await manifests.FindAsync(repository, release.Reference, cancellationToken)
            ?? throw new ReleaseCheckException(ReleaseCheckFailure.UnknownRelease, $"{release} is not in repository {repository} of this registry");
        var parsed = parser.Parse(stored.Content, stored.MediaType);
        var checks = new List<PayloadCheck>();
        var absent = new List<AbsentPayload>();
        if (!parsed.IsIndex)
        {
            checks.Add(await CheckPayloadAsync(repository, stored, parsed, platform: null, map, progress, cancellationToken));
        }
        else
        {
            foreach (var child in parsed.Children)
            {
                var platform = child.Platform ?? "unknown platform";
                var payload = await manifests.FindAsync(repository, ManifestReference.ForDigest(child.Digest), cancellationToken);
                // A sparse release index (oc-mirror filtered its platforms) lists payloads that were never mirrored: not damage.
                if (payload is null) absent.Add(new AbsentPayload(platform, child.Digest));
                else checks.Add(await CheckPayloadAsync(repository, payload, parser.Parse(payload.Content, payload.MediaType), platform, map, progress,
                    cancellationToken));
            }
        }
        return new ReleaseCheckReport(release.ToString(), repository, stored.Digest, checks) { AbsentPlatforms = absent };
    }

    private async Task<PayloadCheck> CheckPayloadAsync(RepositoryName repository, StoredManifest stored, ParsedManifest parsed, string? platform,
        MirrorMap map, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var label = platform ?? "release";
        if (parsed.IsIndex) throw new ReleaseCheckException(ReleaseCheckFailure.NotARelease, $"{label} payload {stored.Digest} is itself an index");
        progress?.Report($"{label}: reading {ReleasePayloadReader.ImageReferencesPath} from {repository}@{stored.Digest}");
        var payload = await payloads.ReadAsync(repository, stored.Digest, parsed, cancellationToken);

        var mapped = payload.Components.Select(c => (Component: c, Mirror: map.Map(c.SourceRepository))).ToList();
        if (mapped.FirstOrDefault(m => m.Mirror is null) is { Component: { } unmapped })
        {
            var count = mapped.Count(m => m.Mirror is null && m.Component.SourceRepository == unmapped.SourceRepository);
            throw new ReleaseCheckException(ReleaseCheckFailure.BadInput,
                $"{count} component(s) of {payload.Version} come from {unmapped.SourceRepository}, which no --source maps; add --source SOURCE=MIRROR for it");
        }

        var missing = new List<MissingComponent>();
        for (var i = 0; i < mapped.Count; i++)
        {
            var (component, mirror) = mapped[i];
            var found = await manifests.FindAsync(mirror!.Repository, ManifestReference.ForDigest(component.Digest), cancellationToken);
            if (found is null) missing.Add(new MissingComponent(component.Name, component.SourceReference, $"{mirror.MirrorName}@{component.Digest}"));
            if ((i + 1) % 25 == 0 || i + 1 == mapped.Count) progress?.Report($"{label} {payload.Version}: checked {i + 1}/{mapped.Count} components");
        }
        return new PayloadCheck(platform, stored.Digest, payload.Version, mapped.Count, mapped.Count - missing.Count, missing);
    }
}
