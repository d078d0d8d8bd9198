namespace Appliance.Core.Usage;

/// <summary>What the registry held on one day (UTC), as the console's chart of stored bytes over time draws it.</summary>
/// <param name="TotalBytes">Every image's size added up, a blob counted once per repository linking it: the space without deduplication.</param>
/// <param name="UniqueBytes">Every blob counted once: what the storage holds.</param>
public sealed record UsageDay(DateOnly Day, long TotalBytes, long UniqueBytes);
