namespace Appliance.Core.Upstreams;

/// <summary>A finished sync run: its record and one line per image or repository that could not be copied.</summary>
public sealed record SyncRunResult(SyncRunRecord Record, IReadOnlyList<string> Failures);
