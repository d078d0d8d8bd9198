using Appliance.Core.ClusterConfig;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Releases;
using Appliance.Core.Services;

namespace Appliance.Core.Upstreams;

/// <summary>
/// Copies an OpenShift release from the upstream its repository mirrors: the release image (or index with its payloads),
/// its signatures, then every component its payload names, in parallel, each into the repository <see cref="MirrorMap"/>
/// maps it to and from the upstream that repository mirrors; then checks the result as <c>release check</c> does. A fill
/// copies only what the check finds missing.
/// </summary>
public sealed class ReleaseMirror(ImageCopier copier, IUpstreams upstreams, ManifestService manifests, ManifestParser parser,
    ReleasePayloadReader payloads, ReleaseChecker checker, TimeProvider clock)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The upstream mappings (<c>SOURCE=MIRROR</c>, MIRROR with or without this registry's host) as <c>release check --source</c>
    /// pairs: a MIRROR without a host gets <c>localhost</c>, a name of this registry, which the map drops again.
    /// </summary>
    public static IReadOnlyList<MirrorSource> SourcesOf(IEnumerable<string> mappings) =>
        mappings.Select(MirrorSource.Parse).Select(pair =>
        {
            var slash = pair.Mirror.IndexOf('/');
            return ImageReference.LooksLikeHost(slash < 0 ? pair.Mirror : pair.Mirror[..slash]) && slash > 0 ? pair : pair with { Mirror = $"localhost/{pair.Mirror}" };
        }).ToList();

    /// <summary>The map of release references to this registry's repositories; a configured upstream's host is never taken for this registry's.</summary>
    public MirrorMap MapOf(IReadOnlyList<MirrorSource> sources, Func<string, bool> namesThisRegistry)
    {
        var upstreamHosts = upstreams.Registries.Select(r => ImageReference.CanonicalHostName(r.Host)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new MirrorMap(sources, host => !upstreamHosts.Contains(host) && namesThisRegistry(host));
    }

    public async Task<ReleaseMirrorReport> MirrorAsync(ImageReference release, MirrorMap map, IReadOnlyList<string> platforms, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        var run = copier.StartRun();
        var repository = ReleaseChecker.RepositoryOf(release, map);
        var source = UpstreamOf(repository);
        progress?.Report($"release {release}: copying {repository} from {source}");
        var copied = await copier.CopyAsync(source, release.Reference, repository, platforms, run, cancellationToken);
        var payloadDigests = await PayloadsAsync(repository, copied.Digest, cancellationToken);
        var signatures = await CopySignaturesAsync(source, repository, [copied.Digest, .. payloadDigests.Where(d => d != copied.Digest)], run, cancellationToken);

        var components = new List<ReleaseComponent>();
        foreach (var payload in payloadDigests)
        {
            var stored = (await manifests.FindAsync(repository, ManifestReference.ForDigest(payload), cancellationToken))!;
            var read = await payloads.ReadAsync(repository, payload, parser.Parse(stored.Content, stored.MediaType), cancellationToken);
            progress?.Report($"release {read.Version}: {read.Components.Count} components");
            components.AddRange(read.Components);
        }
        return await CopyComponentsAsync(release, map, components.DistinctBy(c => c.SourceReference).ToList(), signatures, run, progress, cancellationToken);
    }

    /// <summary>Checks the release and copies only the components the check finds missing (the whole release when it is not here).</summary>
    public async Task<ReleaseMirrorReport> FillAsync(ImageReference release, MirrorMap map, IReadOnlyList<string> platforms, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        ReleaseCheckReport check;
        try
        {
            check = await checker.CheckAsync(release, map, progress, cancellationToken);
        }
        catch (ReleaseCheckException e) when (e.Failure is ReleaseCheckFailure.UnknownRelease or ReleaseCheckFailure.Damaged)
        {
            progress?.Report($"release {release}: {e.Message}; copying all of it");
            return await MirrorAsync(release, map, platforms, progress, cancellationToken);
        }
        var missing = check.Payloads.SelectMany(p => p.Missing).Select(m => (m.Name, Source: ImageReference.Parse(m.Source)))
            .Select(m => new ReleaseComponent(m.Name, m.Source.Repository, m.Source.Reference.Digest!.Value)).DistinctBy(c => c.SourceReference).ToList();
        progress?.Report($"release {release}: {missing.Count} components missing");
        return await CopyComponentsAsync(release, map, missing, [], copier.StartRun(), progress, cancellationToken);
    }

    private async Task<ReleaseMirrorReport> CopyComponentsAsync(ImageReference release, MirrorMap map, IReadOnlyList<ReleaseComponent> components,
        IReadOnlyList<string> signatures, CopyRun run, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var targets = components.Select(c => (Component: c, Mirror: map.Map(c.SourceRepository))).ToList();
        if (targets.FirstOrDefault(t => t.Mirror is null) is { Component: { } unmapped })
        {
            throw new ReleaseCheckException(ReleaseCheckFailure.BadInput,
                $"components of {release} come from {unmapped.SourceRepository}, which no --source maps; add --source SOURCE=MIRROR for it");
        }
        var sources = targets.Select(t => t.Mirror!.Repository).Distinct().ToDictionary(r => r, UpstreamOf);

        var (done, copied) = (0, 0);
        var failures = new List<string>();
        using var ticker = new CancellationTokenSource();
        var ticking = TickAsync(() => $"release {release}: {Volatile.Read(ref done)}/{targets.Count} components, {run.Summary()}", progress, ticker.Token);
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = run.Concurrency, CancellationToken = cancellationToken },
            async (target, cancel) =>
            {
                var repository = target.Mirror!.Repository;
                try
                {
                    var image = await copier.CopyAsync(sources[repository], ManifestReference.ForDigest(target.Component.Digest), repository, [], run, cancel);
                    if (image.New) Interlocked.Increment(ref copied);
                }
                catch (Exception e) when (e is UpstreamException or ImageCopyException)
                {
                    lock (failures) failures.Add($"{target.Component.Name} {target.Component.SourceReference}: {e.Message}");
                }
                Interlocked.Increment(ref done);
            });
        await ticker.CancelAsync();
        await ticking;
        progress?.Report($"release {release}: {targets.Count}/{targets.Count} components, {run.Summary()}");

        var check = await checker.CheckAsync(release, map, progress: null, cancellationToken);
        return new ReleaseMirrorReport(targets.Count, copied, signatures, failures, run.Summary(), check);
    }

    /// <summary>The payload manifests of a release: itself, or the children of a release index that were copied.</summary>
    private async Task<IReadOnlyList<Digest>> PayloadsAsync(RepositoryName repository, Digest release, CancellationToken cancellationToken)
    {
        var stored = (await manifests.FindAsync(repository, ManifestReference.ForDigest(release), cancellationToken))!;
        var parsed = parser.Parse(stored.Content, stored.MediaType);
        if (!parsed.IsIndex) return [release];
        var present = new List<Digest>();
        foreach (var child in parsed.Children)
        {
            if (await manifests.FindAsync(repository, ManifestReference.ForDigest(child.Digest), cancellationToken) is not null) present.Add(child.Digest);
        }
        return present;
    }

    /// <summary>The <c>sha256-HEX.sig</c> tags next to the release that the upstream has: what a cluster's signature check reads.</summary>
    private async Task<IReadOnlyList<string>> CopySignaturesAsync(UpstreamRepository source, RepositoryName repository, IReadOnlyList<Digest> signed,
        CopyRun run, CancellationToken cancellationToken)
    {
        var copied = new List<string>();
        foreach (var digest in signed)
        {
            var tag = $"{digest.ToString().Replace(':', '-')}.sig";
            if (await source.Registry.HeadManifestAsync(source.Repository, ManifestReference.ForTag(tag), cancellationToken) is null) continue;
            await copier.CopyAsync(source, ManifestReference.ForTag(tag), repository, [], run, cancellationToken);
            copied.Add(tag);
        }
        return copied;
    }

    private UpstreamRepository UpstreamOf(RepositoryName repository) =>
        upstreams.Resolve(repository) ?? throw new ReleaseCheckException(ReleaseCheckFailure.BadInput,
            $"repository {repository} mirrors no configured upstream; add an upstream SOURCE=MIRROR pair that covers it");

    private async Task TickAsync(Func<string> line, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (progress is null) return;
        try
        {
            while (true)
            {
                await Task.Delay(ProgressInterval, clock, cancellationToken);
                progress.Report(line());
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
