using Appliance.Core.Names;

namespace Appliance.Core.Upstreams;

/// <summary>What the pull-through cache fetched into one local repository (sizes as the upstream sent them; a blob shared with other repositories counts in each).</summary>
public sealed record CachedRepository(RepositoryName Repository, long Manifests, long Blobs, long Bytes, DateTimeOffset LastUsed);
