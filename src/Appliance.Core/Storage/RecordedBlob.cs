using Appliance.Core.Content;

namespace Appliance.Core.Storage;

/// <summary>A blob as the metadata records it; an unused one is garbage that the next collection removes.</summary>
public sealed record RecordedBlob(Digest Digest, long Size, bool InUse);
