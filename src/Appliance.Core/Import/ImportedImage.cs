using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Import;

/// <summary>A manifest an import recorded, with the tags it set on it (what its audit event says).</summary>
public sealed record ImportedImage(RepositoryName Repository, Digest Digest, IReadOnlyList<string> Tags);
