using System.Security.Cryptography;

namespace Appliance.Core.Content;

/// <summary>The digest algorithms the OCI spec names as registered: sha256 (canonical) and sha512.</summary>
public sealed class DigestAlgorithm
{
    public static readonly DigestAlgorithm Sha256 = new("sha256", HashAlgorithmName.SHA256, 32);
    public static readonly DigestAlgorithm Sha512 = new("sha512", HashAlgorithmName.SHA512, 64);

    private DigestAlgorithm(string name, HashAlgorithmName hashName, int hashBytes)
    {
        Name = name;
        HashName = hashName;
        HashBytes = hashBytes;
    }

    public string Name { get; }
    public HashAlgorithmName HashName { get; }
    public int HashBytes { get; }
    public int HexLength => HashBytes * 2;

    public static bool TryFromName(ReadOnlySpan<char> name, out DigestAlgorithm algorithm)
    {
        if (name.SequenceEqual(Sha256.Name)) { algorithm = Sha256; return true; }
        if (name.SequenceEqual(Sha512.Name)) { algorithm = Sha512; return true; }
        algorithm = Sha256;
        return false;
    }

    public IncrementalHash CreateIncrementalHash() => IncrementalHash.CreateHash(HashName);

    public void HashData(ReadOnlySpan<byte> content, Span<byte> destination)
    {
        if (this == Sha512) SHA512.HashData(content, destination);
        else SHA256.HashData(content, destination);
    }

    public override string ToString() => Name;
}
