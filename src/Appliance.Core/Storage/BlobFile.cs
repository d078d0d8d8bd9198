using Appliance.Core.Content;

namespace Appliance.Core.Storage;

/// <summary>A blob file as found on disk, before anyone checked it against the metadata.</summary>
public sealed record BlobFile(Digest Digest, long Length, DateTimeOffset LastWritten);
