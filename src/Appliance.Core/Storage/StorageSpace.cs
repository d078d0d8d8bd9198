namespace Appliance.Core.Storage;

/// <summary>Free and total bytes of the filesystem that holds the blobs.</summary>
public readonly record struct StorageSpace(long AvailableBytes, long TotalBytes);
