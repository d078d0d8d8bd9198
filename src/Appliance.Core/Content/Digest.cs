using System.Security.Cryptography;

namespace Appliance.Core.Content;

/// <summary>A content digest such as <c>sha256:ab12…</c>. Only algorithms we can verify are representable.</summary>
public readonly record struct Digest
{
    private Digest(DigestAlgorithm algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public DigestAlgorithm Algorithm { get; }

    /// <summary>Lower-case hex encoding of the hash; safe to use as a file name.</summary>
    public string Hex { get; }

    public static Digest Parse(string value) =>
        TryParse(value, out var digest) ? digest : throw new FormatException($"'{value}' is not a valid digest");

    public static bool TryParse(string? value, out Digest digest)
    {
        digest = default;
        if (value is null) return false;
        var colon = value.IndexOf(':');
        if (colon <= 0) return false;
        if (!DigestAlgorithm.TryFromName(value.AsSpan(0, colon), out var algorithm)) return false;
        var hex = value.AsSpan(colon + 1);
        if (hex.Length != algorithm.HexLength) return false;
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }
        digest = new Digest(algorithm, hex.ToString());
        return true;
    }

    public static Digest FromHash(DigestAlgorithm algorithm, ReadOnlySpan<byte> hash) =>
        new(algorithm, Convert.ToHexStringLower(hash));

    public static Digest Compute(DigestAlgorithm algorithm, ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[algorithm.HashBytes];
        algorithm.HashData(content, hash);
        return FromHash(algorithm, hash);
    }

    public static Digest Sha256(ReadOnlySpan<byte> content) => Compute(DigestAlgorithm.Sha256, content);

    public override string ToString() => $"{Algorithm.Name}:{Hex}";
}
