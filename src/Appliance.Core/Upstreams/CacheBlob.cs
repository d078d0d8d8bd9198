namespace Appliance.Core.Upstreams;

/// <summary>
/// A blob the pull-through cache has for a client: <see cref="Content"/> follows its download from the upstream, or is null
/// when the bytes were in the store already and the repository now links them (serve it from the store then).
/// </summary>
public sealed record CacheBlob(Stream? Content, long Length);
