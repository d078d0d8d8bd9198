using Appliance.Core.Content;

namespace Appliance.Core.Import;

/// <summary>
/// The repositories the foreign content's links describe, collected while its blobs stream by: in an archive the links may
/// come before or after the blobs they name, in any volume, so manifests are recorded only once everything has been read.
/// </summary>
internal sealed class ForeignRepositories
{
    private readonly SortedDictionary<string, ForeignRepository> _byPath = new(StringComparer.Ordinal);

    public IEnumerable<ForeignRepository> All => _byPath.Values;

    public void Add(ForeignRevision revision)
    {
        var repository = Of(revision.Repository);
        repository.Manifests.Add(revision.Digest);
        if (revision.PushedAt is { } pushed) repository.PushedAt[revision.Digest] = pushed;
    }

    public void Add(ForeignTag tag)
    {
        var repository = Of(tag.Repository);
        repository.Manifests.Add(tag.Digest);
        repository.Tags[tag.Tag] = tag.Digest;
        if (tag.SetAt is { } set) repository.TagSetAt[tag.Tag] = set;
        else repository.TagSetAt.Remove(tag.Tag);
    }

    private ForeignRepository Of(string path)
    {
        if (!_byPath.TryGetValue(path, out var repository)) _byPath[path] = repository = new ForeignRepository(path);
        return repository;
    }
}

/// <summary>A repository of the foreign content: its manifests (revisions and tagged ones), its tags, and their times where the content records them.</summary>
internal sealed class ForeignRepository(string path)
{
    public string Path => path;

    public HashSet<Digest> Manifests { get; } = [];

    public SortedDictionary<string, Digest> Tags { get; } = new(StringComparer.Ordinal);

    public Dictionary<Digest, DateTimeOffset> PushedAt { get; } = [];

    public Dictionary<string, DateTimeOffset> TagSetAt { get; } = new(StringComparer.Ordinal);

    public List<string> TagsOf(Digest digest) => [.. Tags.Where(t => t.Value == digest).Select(t => t.Key)];
}
