using System.Security.Cryptography;

namespace Appliance.Import.Quay;

/// <summary>
/// Quay's LocalStorage as mirror-registry configures it (storage_path /datastorage, the host's quay-storage): a blob of
/// digest sha256:HEX is the file <c>sha256/HE/HEX</c> below it.
/// </summary>
public sealed class QuayBlobFiles(string directory)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <returns>The file; null for a digest that is no sha256 (Quay's content-addressed paths are sha256 only).</returns>
    public string? PathOf(string digest)
    {
        const string algorithm = "sha256:";
        if (!digest.StartsWith(algorithm, StringComparison.Ordinal)) return null;
        var hex = digest[algorithm.Length..];
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigitLower) ? Path.Combine(Directory, "sha256", hex[..2], hex) : null;
    }

    /// <summary>Why the blob cannot be taken over, without reading it (is its file there, a regular file, of the size Quay recorded); null when it looks whole.</summary>
    public string? Problem(QuayBlob blob)
    {
        if (!blob.Uploaded) return "its upload never finished in Quay";
        if (blob.Digest is null || PathOf(blob.Digest) is not { } path) return $"no content-addressed digest in Quay ({blob.Digest ?? "none"})";
        var file = new FileInfo(path);
        if (!file.Exists || file.LinkTarget is not null) return $"no file {path}";
        return blob.Size is { } size && file.Length != size ? $"{path} has {file.Length} bytes, Quay recorded {size}" : null;
    }

    /// <summary>Reads the file and hashes it: null when it has the bytes its digest names.</summary>
    public async Task<string?> HashProblemAsync(QuayBlob blob, CancellationToken cancellationToken)
    {
        var path = PathOf(blob.Digest!)!;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var hash = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        return hash == blob.Digest ? null : $"{path} is damaged: its bytes hash to {hash}";
    }
}
