using System.Collections.Concurrent;
using System.Text.Json;
using Appliance.Core.ClusterConfig;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Services;
using Appliance.Core.Storage;

namespace Appliance.Core.Releases;

/// <summary>
/// The OpenShift releases this registry holds, for the console's list. Candidates are found cheaply by where mirroring tools
/// put releases: the tagged manifests of repositories named <c>…/release-images</c> (oc-mirror, components in the sibling
/// <c>…/release</c>) or <c>…/ocp-release</c> (<c>oc adm release mirror</c> to the source's path, components in
/// <c>…/ocp-v4.0-art-dev</c>). Each is read and checked by <see cref="ReleaseChecker"/>; an image without
/// <c>release-manifests/</c> is left out. Results are kept per manifest digest until the registry's contents change (a push
/// or delete changes its counts), so the list reads layers only after pushes.
/// </summary>
public sealed class ReleaseCatalog(IRepositoryCatalog catalog, IRepositoryBrowser browser, IRegistryStatistics statistics, ReleaseChecker checker,
    ManifestService manifests, ManifestParser parser, BlobService blobs)
{
    private const int CatalogPage = 1000;
    private const int MaxConfigBytes = 1 << 20;

    private static readonly Dictionary<string, string> ComponentRepositories = new(StringComparer.Ordinal)
    {
        ["release-images"] = "release",
        ["ocp-release"] = "ocp-v4.0-art-dev",
    };

    /// <summary>Per release digest and component repository: the check and the contents it was made against (null: not a release).</summary>
    private readonly ConcurrentDictionary<(Digest, string), (RegistryStatistics Contents, Checked? Result)> _checked = new();

    private sealed record Checked(string? Version, IReadOnlyList<string> Architectures, int Components, int Present, bool IsComplete, string? Problem);

    /// <param name="mayRead">Whether the caller may pull from a repository: others are not looked at.</param>
    public async Task<IReadOnlyList<StoredRelease>> ListAsync(Func<string, bool> mayRead, CancellationToken cancellationToken)
    {
        var contents = await statistics.CountAsync(cancellationToken);
        var releases = new List<StoredRelease>();
        await foreach (var (repository, components) in CandidatesAsync(mayRead, cancellationToken))
        {
            foreach (var manifest in await browser.ListManifestsAsync(repository, cancellationToken) ?? [])
            {
                if (manifest.Tags.Count == 0) continue;
                var key = (manifest.Digest, components.Value);
                if (!_checked.TryGetValue(key, out var cached) || cached.Contents != contents)
                {
                    cached = (contents, await CheckAsync(repository, manifest.Digest, components, cancellationToken));
                    _checked[key] = cached;
                }
                if (cached.Result is { } result)
                {
                    releases.Add(new StoredRelease(repository.Value, manifest.Digest, manifest.Tags, manifest.PushedAt, result.Version, result.Architectures,
                        result.Components, result.Present, result.IsComplete, components.Value, result.Problem));
                }
            }
        }
        return releases.OrderByDescending(r => r.PushedAt).ThenBy(r => r.Repository, StringComparer.Ordinal).ToList();
    }

    private async IAsyncEnumerable<(RepositoryName Release, RepositoryName Components)> CandidatesAsync(Func<string, bool> mayRead,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        do
        {
            var page = await catalog.ListAsync(CatalogPage, last, cancellationToken);
            foreach (var name in page.Items)
            {
                var slash = name.LastIndexOf('/');
                if (!ComponentRepositories.TryGetValue(name[(slash + 1)..], out var sibling) || !mayRead(name)) continue;
                var components = slash < 0 ? sibling : $"{name[..slash]}/{sibling}";
                if (RepositoryName.TryParse(name, out var release) && RepositoryName.TryParse(components, out var componentRepository))
                {
                    yield return (release, componentRepository);
                }
            }
            last = page.HasMore && page.Items.Count > 0 ? page.Items[^1] : null;
        }
        while (last is not null);
    }

    private async Task<Checked?> CheckAsync(RepositoryName repository, Digest digest, RepositoryName components, CancellationToken cancellationToken)
    {
        // The component images' source maps to the sibling repository; any host stands for this registry in the mirror name.
        var map = new MirrorMap([new MirrorSource(PrefixInference.ReleaseComponentsSource, $"this-registry/{components}")], _ => false);
        try
        {
            var report = await checker.CheckAsync(new ImageReference(null, repository.Value, ManifestReference.ForDigest(digest)), map, progress: null,
                cancellationToken);
            var architectures = report.Payloads.Count == 1 && report.Payloads[0].Platform is null
                ? [await ArchitectureAsync(repository, digest, cancellationToken) ?? "unknown"]
                : report.Payloads.Select(p => p.Platform ?? "unknown").ToList();
            return new Checked(report.Payloads.Select(p => p.Version).FirstOrDefault(v => v is not null), architectures,
                report.Payloads.Sum(p => p.Components), report.Payloads.Sum(p => p.Present), report.IsComplete, null);
        }
        catch (ReleaseCheckException e) when (e.Failure == ReleaseCheckFailure.NotARelease)
        {
            return null;
        }
        catch (ReleaseCheckException e)
        {
            return new Checked(null, [], 0, 0, false, e.Message);
        }
    }

    /// <summary>A single-platform release names its architecture only in its image config.</summary>
    private async Task<string?> ArchitectureAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var stored = await manifests.FindAsync(repository, ManifestReference.ForDigest(digest), cancellationToken);
        if (stored is null || parser.Parse(stored.Content, stored.MediaType).Blobs is not [var config, ..]) return null;
        if (await blobs.FindAsync(repository, config.Digest, cancellationToken) is not { Length: <= MaxConfigBytes } blob) return null;
        await using var content = await blobs.OpenReadAsync(config.Digest, 0, blob.Length, cancellationToken);
        using var document = await JsonDocument.ParseAsync(content, cancellationToken: cancellationToken);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("architecture", out var architecture)
            && architecture.ValueKind == JsonValueKind.String ? architecture.GetString() : null;
    }
}
