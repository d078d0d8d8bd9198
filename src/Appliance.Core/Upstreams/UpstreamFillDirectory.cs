namespace Appliance.Core.Upstreams;

/// <summary>
/// Where blobs on their way from an upstream are written: on the filesystem of the blob store's spool when it has one, so
/// the finished file becomes the upload by a hard link instead of a copy.
/// </summary>
public sealed record UpstreamFillDirectory(string Path);
