using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Upstreams;

/// <summary>An image in its local repository after a copy; <paramref name="New"/> when this copy stored its manifest.</summary>
public sealed record CopiedImage(RepositoryName Repository, Digest Digest, bool New);
