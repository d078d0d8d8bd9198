using Appliance.Core.Content;

namespace Appliance.Core.Retention;

/// <summary>What a retention run deletes, and what its rules kept and why: a dry run's answer, and what a run then deletes.</summary>
/// <param name="Removals">Tags first, then manifests (indexes before what they list): the order a run deletes them in.</param>
public sealed record RetentionPlan(DateTimeOffset At, IReadOnlyList<RetentionRemoval> Removals, IReadOnlyList<RetentionKeep> Kept, int Repositories)
{
    /// <summary>Bytes the next garbage collection gives back once these manifests are gone (blobs no kept manifest and no other repository uses).</summary>
    public long Bytes => Removals.Sum(r => r.Bytes);
}

/// <summary>A tag (<see cref="Tag"/> set, the manifest it names) or a manifest (<see cref="Tag"/> null) a run deletes.</summary>
public sealed record RetentionRemoval(string Repository, string? Tag, Digest Digest, long Bytes, string Reason);

/// <summary>A tag or manifest that a rule, or a kept image that needs it, keeps.</summary>
/// <param name="Rule">The 1-based rule that kept it; null when something kept needs it (an index, a subject, a release).</param>
public sealed record RetentionKeep(string Repository, string? Tag, Digest Digest, int? Rule, string Reason);

/// <summary>A run: its plan and what of it was deleted; <see cref="Skipped"/> changed after the plan (a push) and stayed.</summary>
public sealed record RetentionReport(bool DryRun, RetentionPlan Plan, IReadOnlyList<RetentionRemoval> Removed, IReadOnlyList<RetentionRemoval> Skipped,
    TimeSpan Duration);
