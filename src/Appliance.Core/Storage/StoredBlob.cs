namespace Appliance.Core.Storage;

/// <summary>A committed blob: its size and, when the store keeps it as a local file, where that file is (so the web server can send it directly).</summary>
public sealed record StoredBlob(long Length, string? FilePath);
