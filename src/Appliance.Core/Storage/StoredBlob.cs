namespace Appliance.Core.Storage;

/// <summary>A committed blob, as its store found it.</summary>
public sealed record StoredBlob(long Length);
