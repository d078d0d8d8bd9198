using Appliance.Core.Integrity;

namespace Appliance.Core.Migration;

/// <summary>What checking the target after a migration found: where it differs from the source, and the target's own verify.</summary>
public sealed record TargetVerificationReport(IReadOnlyList<string> Differences, VerificationReport Blobs)
{
    public bool IsClean => Differences.Count == 0 && Blobs.IsClean;
}

/// <summary>
/// Checks a migration's target against its source: every blob in use is in the target's store with its size (a HEAD per
/// blob on an object store) and recorded with it, every manifest and tag of every repository is there naming the same
/// digest, every user has the source's role and password hash, every robot account its secrets, expiry and role, every local
/// group its members and every grant its permission; then the target's own <see cref="BlobVerifier"/> re-hashes
/// a random sample of blobs and looks for orphans.
/// </summary>
public sealed class TargetVerification
{
    private const int ParallelLookups = 8;

    public async Task<TargetVerificationReport> RunAsync(RegistryStores source, RegistryStores target, BlobVerifier targetVerifier, int sample,
        CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        await CompareBlobsAsync(source, target, differences, cancellationToken);
        await CompareManifestsAsync(source, target, differences, cancellationToken);
        await CompareUsersAsync(source, target, differences, cancellationToken);
        await CompareRobotsAsync(source, target, differences, cancellationToken);
        await CompareGroupsAsync(source, target, differences, cancellationToken);
        await CompareGrantsAsync(source, target, differences, cancellationToken);
        var blobs = await targetVerifier.RunAsync(sample, repair: false, progress: null, cancellationToken);
        return new TargetVerificationReport(differences, blobs);
    }

    private static async Task CompareBlobsAsync(RegistryStores source, RegistryStores target, List<string> differences,
        CancellationToken cancellationToken)
    {
        var recorded = await target.BlobIndex.ListAsync(cancellationToken).ToDictionaryAsync(b => b.Digest, b => b.Size, cancellationToken: cancellationToken);
        var inUse = await source.BlobIndex.ListAsync(cancellationToken).Where(b => b.InUse).ToListAsync(cancellationToken);
        await Parallel.ForEachAsync(inUse, new ParallelOptions { MaxDegreeOfParallelism = ParallelLookups, CancellationToken = cancellationToken },
            async (blob, cancel) =>
            {
                var stored = await target.Blobs.FindAsync(blob.Digest, cancel);
                string? difference = stored is null ? $"blob {blob.Digest}: not in the target's store"
                    : stored.Length != blob.Size ? $"blob {blob.Digest}: {stored.Length} bytes in the target's store, {blob.Size} in the source"
                    : recorded.GetValueOrDefault(blob.Digest, -1) != blob.Size ? $"blob {blob.Digest}: not recorded in the target with {blob.Size} bytes"
                    : null;
                if (difference is not null) lock (differences) differences.Add(difference);
            });
    }

    private static async Task CompareManifestsAsync(RegistryStores source, RegistryStores target, List<string> differences,
        CancellationToken cancellationToken)
    {
        foreach (var repository in await RepositoryListing.AllAsync(source.Repositories, cancellationToken))
        {
            await foreach (var record in source.Manifests.ListRecordsAsync(repository, cancellationToken))
            {
                var digest = record.Manifest.Digest;
                if (await target.Manifests.FindByDigestAsync(repository, digest, cancellationToken) is null)
                {
                    differences.Add($"manifest {repository}@{digest}: not in the target");
                }
                foreach (var tag in record.Tags)
                {
                    var tagged = await target.Manifests.FindByTagAsync(repository, tag.Name, cancellationToken);
                    if (tagged?.Digest != digest) differences.Add($"tag {repository}:{tag.Name}: names {tagged?.Digest.ToString() ?? "nothing"} in the target, {digest} in the source");
                }
            }
        }
    }

    private static async Task CompareUsersAsync(RegistryStores source, RegistryStores target, List<string> differences, CancellationToken cancellationToken)
    {
        foreach (var user in await source.Users.ListAsync(cancellationToken))
        {
            var copy = await target.Users.FindAsync(user.Name, cancellationToken);
            // The hash is compared, never shown.
            if (copy is null || copy.Role != user.Role || copy.PasswordHash != user.PasswordHash) differences.Add($"user {user.Name}: missing or different in the target");
        }
    }

    /// <summary>
    /// Everything a login checks (secret hashes compared, never shown); creation and last use are left out, a rerun keeps
    /// the target's creation and a last use is never moved back.
    /// </summary>
    private static async Task CompareRobotsAsync(RegistryStores source, RegistryStores target, List<string> differences, CancellationToken cancellationToken)
    {
        foreach (var robot in await source.Robots.ListAsync(cancellationToken))
        {
            var copy = await target.Robots.FindAsync(robot.Name, cancellationToken);
            if (copy is null || copy with { LastUsed = robot.LastUsed, CreatedAt = robot.CreatedAt } != robot)
            {
                differences.Add($"robot account {robot.Name}: missing or different in the target");
            }
        }
    }

    private static async Task CompareGroupsAsync(RegistryStores source, RegistryStores target, List<string> differences, CancellationToken cancellationToken)
    {
        var copies = (await target.Groups.ListAsync(cancellationToken)).ToDictionary(g => g.Name, g => g.Members);
        foreach (var group in await source.Groups.ListAsync(cancellationToken))
        {
            var missing = copies.TryGetValue(group.Name, out var members) ? group.Members.Except(members).ToList() : null;
            if (missing is null) differences.Add($"group {group.Name}: not in the target");
            else if (missing.Count > 0) differences.Add($"group {group.Name}: lacks {string.Join(", ", missing)} in the target");
        }
    }

    private static async Task CompareGrantsAsync(RegistryStores source, RegistryStores target, List<string> differences, CancellationToken cancellationToken)
    {
        var copies = (await target.Grants.ListAsync(cancellationToken)).ToHashSet();
        foreach (var grant in await source.Grants.ListAsync(cancellationToken))
        {
            if (!copies.Contains(grant))
            {
                differences.Add($"grant of {grant.Permission} on {grant.Namespace} to {grant.Kind} '{grant.Principal}': missing or different in the target");
            }
        }
    }
}
