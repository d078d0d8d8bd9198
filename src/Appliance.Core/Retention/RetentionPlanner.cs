using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Tags;

namespace Appliance.Core.Retention;

/// <summary>
/// Decides a run: first each covered repository's tags and untagged manifests by its policy's rules (the first rule that keeps
/// a tag is named), which makes candidates; then everything kept protects what it needs from the candidates, until nothing
/// changes: an index its children, a manifest its referrers, an OpenShift release image its components (in any repository).
/// </summary>
public sealed class RetentionPlanner(ReleaseComponents releases)
{
    public async Task<RetentionPlan> PlanAsync(IReadOnlyList<RetainedRepository> repositories, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tagRemovals = new List<RetentionRemoval>();
        var kept = new List<RetentionKeep>();
        // Per repository: candidate manifest -> why it would go.
        var candidates = repositories.ToDictionary(r => r.Name, _ => new Dictionary<Digest, string>());
        foreach (var repository in repositories.Where(r => r.Policy is not null))
        {
            DecideTags(repository, now, tagRemovals, kept, candidates[repository.Name]);
            ChooseUntagged(repository, now, candidates[repository.Name]);
        }

        if (candidates.Values.Any(c => c.Count > 0)) await ProtectNeededAsync(repositories, candidates, kept, cancellationToken);

        var manifestRemovals = repositories.SelectMany(r => ManifestRemovals(r, candidates[r.Name])).ToList();
        return new RetentionPlan(now, [.. tagRemovals, .. manifestRemovals], kept, repositories.Count(r => r.Policy is not null));
    }

    private static void DecideTags(RetainedRepository repository, DateTimeOffset now, List<RetentionRemoval> removals, List<RetentionKeep> kept,
        Dictionary<Digest, string> candidates)
    {
        var rules = repository.Policy!.Rules;
        var patterns = rules.Select(r => TagPattern.Parse(r.Tags)).ToList();
        var tags = repository.Images.SelectMany(i => i.Record.Tags.Select(t => (Tag: t, Image: i))).ToList();
        // For each keep-latest rule, its newest tags (the tag name breaks a tie in push time, so a dry run and a run agree).
        var latest = rules.Select((rule, i) => rule.Kind != RetentionRuleKind.KeepLatest
                ? new HashSet<string>()
                : tags.Where(t => patterns[i].Matches(t.Tag.Name)).OrderByDescending(t => t.Tag.UpdatedAt).ThenBy(t => t.Tag.Name, StringComparer.Ordinal)
                    .Take(rule.Count!.Value).Select(t => t.Tag.Name).ToHashSet())
            .ToList();

        var removedByImage = new Dictionary<Digest, List<string>>();
        foreach (var (tag, image) in tags)
        {
            var governed = false;
            int? keeper = null;
            for (var i = 0; i < rules.Count && keeper is null; i++)
            {
                var rule = rules[i];
                if (rule.Kind == RetentionRuleKind.RemoveUntagged || !patterns[i].Matches(tag.Name)) continue;
                governed = true;
                var keeps = rule.Kind switch
                {
                    RetentionRuleKind.Protect => true,
                    RetentionRuleKind.KeepLatest => latest[i].Contains(tag.Name),
                    _ => tag.UpdatedAt >= now - rule.Age!.Value || image.LastPulled >= now - rule.Age!.Value,
                };
                if (keeps) keeper = i;
            }
            if (keeper is { } k)
            {
                kept.Add(new RetentionKeep(repository.Name.Value, tag.Name, image.Digest, k + 1, rules[k].Describe()));
            }
            else if (governed)
            {
                var matched = rules.Select((r, i) => (r, i)).Where(x => x.r.Kind != RetentionRuleKind.RemoveUntagged && patterns[x.i].Matches(tag.Name))
                    .Select(x => $"rule {x.i + 1}");
                removals.Add(new RetentionRemoval(repository.Name.Value, tag.Name, image.Digest, 0,
                    $"pushed {tag.UpdatedAt:yyyy-MM-dd HH:mm}Z, kept by none of {string.Join(", ", matched)}"));
                if (!removedByImage.TryGetValue(image.Digest, out var list)) removedByImage[image.Digest] = list = [];
                list.Add(tag.Name);
            }
        }
        foreach (var image in repository.Images)
        {
            if (removedByImage.TryGetValue(image.Digest, out var removed) && removed.Count == image.Record.Tags.Count)
            {
                candidates[image.Digest] = $"its tags go ({string.Join(", ", removed)})";
            }
        }
    }

    private static void ChooseUntagged(RetainedRepository repository, DateTimeOffset now, Dictionary<Digest, string> candidates)
    {
        var rules = repository.Policy!.Rules.Select((rule, i) => (Rule: rule, Number: i + 1)).Where(r => r.Rule.Kind == RetentionRuleKind.RemoveUntagged).ToList();
        if (rules.Count == 0) return;
        foreach (var image in repository.Images.Where(i => i.Record.Tags.Count == 0))
        {
            foreach (var (rule, number) in rules)
            {
                if (image.LastUsed >= now - rule.Age!.Value) continue;
                candidates[image.Digest] = $"untagged, last pushed or pulled {image.LastUsed:yyyy-MM-dd HH:mm}Z (rule {number}: {rule.Describe()})";
                break;
            }
        }
    }

    private async Task ProtectNeededAsync(IReadOnlyList<RetainedRepository> repositories, Dictionary<RepositoryName, Dictionary<Digest, string>> candidates,
        List<RetentionKeep> kept, CancellationToken cancellationToken)
    {
        var work = new Queue<(RetainedRepository Repository, RetainedImage Image)>(
            repositories.SelectMany(r => r.Images.Where(i => !candidates[r.Name].ContainsKey(i.Digest)).Select(i => (r, i))));
        var byName = repositories.ToDictionary(r => r.Name);
        while (work.TryDequeue(out var next))
        {
            var (repository, image) = next;
            var mine = candidates[repository.Name];
            if (mine.Count > 0)
            {
                foreach (var child in image.Parsed.Children) Protect(repository, child.Digest, $"listed by the kept index {image.Digest}");
                foreach (var referrer in repository.Images.Where(i => i.Parsed.Subject == image.Digest))
                {
                    Protect(repository, referrer.Digest, $"a referrer of the kept manifest {image.Digest}");
                }
            }
            if (await releases.ReadAsync(repository.Name, image.Digest, image.Parsed, cancellationToken) is not { } release) continue;
            foreach (var component in release.Components)
            {
                foreach (var holder in repositories.Where(r => candidates[r.Name].ContainsKey(component.Digest)))
                {
                    Protect(holder, component.Digest, $"component {component.Name} of release {release.Version} ({repository.Name}@{image.Digest}), which is kept");
                }
            }
        }

        void Protect(RetainedRepository repository, Digest digest, string reason)
        {
            if (!candidates[repository.Name].Remove(digest)) return;
            kept.Add(new RetentionKeep(repository.Name.Value, null, digest, null, reason));
            var image = byName[repository.Name].Images.First(i => i.Digest == digest);
            work.Enqueue((repository, image));
        }
    }

    /// <summary>
    /// Indexes before the manifests they list (a run deletes in this order, and a manifest an index lists is not deleted); each
    /// freed blob counted once, with the first manifest that used it.
    /// </summary>
    private static IEnumerable<RetentionRemoval> ManifestRemovals(RetainedRepository repository, Dictionary<Digest, string> candidates)
    {
        var going = repository.Images.Where(i => candidates.ContainsKey(i.Digest)).OrderByDescending(i => i.Parsed.IsIndex)
            .ThenBy(i => i.Record.PushedAt).ThenBy(i => i.Digest.ToString(), StringComparer.Ordinal).ToList();
        var stillUsed = repository.Images.Where(i => !candidates.ContainsKey(i.Digest)).SelectMany(i => i.Parsed.Blobs).Select(b => b.Digest).ToHashSet();
        stillUsed.UnionWith(repository.BlobsLinkedElsewhere);
        foreach (var image in going)
        {
            var bytes = (long)image.Record.Manifest.Content.Length;
            foreach (var blob in image.Parsed.Blobs.Where(b => !b.IsExternal))
            {
                if (stillUsed.Add(blob.Digest)) bytes += blob.Size;
            }
            yield return new RetentionRemoval(repository.Name.Value, null, image.Digest, bytes, candidates[image.Digest]);
        }
    }
}
