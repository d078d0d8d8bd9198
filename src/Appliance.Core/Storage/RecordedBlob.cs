using Appliance.Core.Content;

namespace Appliance.Core.Storage;

/// <summary>A blob as the metadata records it; an unused one is garbage that the next collection removes.</summary>
/// <param name="RecordedAt">When its bytes were first published (the grace period of garbage collection counts from it).</param>
public sealed record RecordedBlob(Digest Digest, long Size, bool InUse, DateTimeOffset RecordedAt);
