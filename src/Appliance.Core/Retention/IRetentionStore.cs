using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Retention;

/// <summary>
/// The metadata side of retention: policies, when manifests were last pulled, and deletions that re-check inside their own
/// transaction that what the plan saw still holds, so a push that committed after the plan is never undone.
/// </summary>
public interface IRetentionStore
{
    /// <summary>Every policy, by scope.</summary>
    Task<IReadOnlyList<RetentionPolicy>> ListPoliciesAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces the policy of its scope.</summary>
    Task SetPolicyAsync(RetentionPolicy policy, CancellationToken cancellationToken);

    Task<bool> ClearPolicyAsync(string scope, CancellationToken cancellationToken);

    /// <summary>When each manifest of the repository that was ever pulled (since pulls are recorded) was last pulled.</summary>
    Task<IReadOnlyDictionary<Digest, DateTimeOffset>> LastPulledAsync(RepositoryName repository, CancellationToken cancellationToken);

    /// <summary>The blobs of the repository that another repository links too: removing them here frees no space.</summary>
    Task<IReadOnlySet<Digest>> BlobsLinkedElsewhereAsync(RepositoryName repository, CancellationToken cancellationToken);

    /// <summary>Records the pulls, keeping the later time where one is recorded already; returns the rows written.</summary>
    Task<int> RecordPullsAsync(IReadOnlyCollection<ManifestPull> pulls, CancellationToken cancellationToken);

    /// <summary>Deletes the tag only while it still names <paramref name="digest"/>.</summary>
    Task<bool> DeleteTagAsync(RepositoryName repository, string tag, Digest digest, CancellationToken cancellationToken);

    /// <summary>Deletes the manifest only while no tag names it and no index of its repository lists it.</summary>
    Task<bool> DeleteUntaggedManifestAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);
}

public sealed record ManifestPull(RepositoryName Repository, Digest Digest, DateTimeOffset At);
