using Appliance.Core.Content;

namespace Appliance.Core.Storage;

/// <summary>A repository may serve the blob since <paramref name="LinkedAt"/> (garbage collection's grace period counts from it).</summary>
public sealed record BlobLink(Digest Digest, DateTimeOffset LinkedAt);
