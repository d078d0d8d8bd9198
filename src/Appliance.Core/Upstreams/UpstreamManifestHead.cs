using Appliance.Core.Content;

namespace Appliance.Core.Upstreams;

/// <summary>What an upstream says about a manifest without sending it: enough to decide whether a cached tag is current.</summary>
public sealed record UpstreamManifestHead(Digest Digest, string MediaType, long Length);
