namespace Appliance.Core.Import;

/// <summary>Where an import is: images recorded, blobs stored (new and already here) and the bytes read so far.</summary>
public sealed record ImportProgress(long Images, long Blobs, long Bytes);
