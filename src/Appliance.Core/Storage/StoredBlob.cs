namespace Appliance.Core.Storage;

/// <summary>Where a committed blob's bytes are, so the web server can send the file directly.</summary>
public sealed record StoredBlob(string FilePath, long Length);
