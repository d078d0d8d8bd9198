namespace Appliance.Core.Upstreams;

/// <summary>One run of a sync job as recorded: when, what it copied, what failed; <paramref name="FinishedAt"/> is null while it runs.</summary>
public sealed record SyncRunRecord(long Id, string Job, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, long ImagesCopied, long ImagesPresent,
    long BytesCopied, long Failures, string? Summary);
