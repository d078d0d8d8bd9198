namespace Appliance.Core.Storage;

/// <summary>Free and total bytes of the filesystem that holds the blobs (object stores have no such figure).</summary>
public readonly record struct StorageSpace(long AvailableBytes, long TotalBytes);
