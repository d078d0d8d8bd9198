using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.Services;

public sealed class ReferrersService(IManifestIndex index)
{
    /// <summary>Manifests whose subject is <paramref name="subject"/>; empty (never unknown) when there are none.</summary>
    public Task<IReadOnlyList<Referrer>> ListAsync(RepositoryName repository, Digest subject, string? artifactType,
        CancellationToken cancellationToken) =>
        index.ListReferrersAsync(repository, subject, artifactType, cancellationToken);
}
