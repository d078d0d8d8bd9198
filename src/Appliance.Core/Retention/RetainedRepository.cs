using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.Retention;

/// <summary>What a plan reads of one repository: its manifests with their tags and times, and which of its blobs others link.</summary>
/// <param name="Policy">Null for a repository no policy covers: nothing in it is removed, but its kept releases protect their components.</param>
public sealed record RetainedRepository(RepositoryName Name, RetentionPolicy? Policy, IReadOnlyList<RetainedImage> Images,
    IReadOnlySet<Digest> BlobsLinkedElsewhere);

public sealed record RetainedImage(ManifestRecord Record, ParsedManifest Parsed, DateTimeOffset? LastPulled)
{
    public Digest Digest => Record.Manifest.Digest;

    /// <summary>The later of its push and its last pull.</summary>
    public DateTimeOffset LastUsed => LastPulled is { } pulled && pulled > Record.PushedAt ? pulled : Record.PushedAt;
}
