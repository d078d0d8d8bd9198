using Appliance.Core.Content;

namespace Appliance.Core.Upstreams;

/// <summary>A manifest (or referrers index) as fetched, its digest verified against its bytes.</summary>
public sealed record UpstreamManifest(byte[] Content, string MediaType, Digest Digest);
