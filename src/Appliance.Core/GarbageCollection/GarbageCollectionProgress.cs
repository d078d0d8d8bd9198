namespace Appliance.Core.GarbageCollection;

/// <summary>Where a run stands, for a progress line: <see cref="Done"/> of about <see cref="Total"/> units of <see cref="Phase"/>.</summary>
public sealed record GarbageCollectionProgress(string Phase, long Done, long Total);
