namespace Appliance.Core.Migration;

/// <summary>Where a migration is: items of the current phase done out of all, and for blobs the bytes.</summary>
public sealed record MigrationProgress(string Phase, long Done, long Total, long Bytes = 0, long TotalBytes = 0);
