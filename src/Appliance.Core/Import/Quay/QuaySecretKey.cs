using System.Globalization;
using System.Numerics;

namespace Appliance.Core.Import.Quay;

/// <summary>
/// The 32-byte AES key Quay derives from its config's <c>DATABASE_SECRET_KEY</c> (quay/quay <c>util/security/secret.py</c>):
/// the value's bytes, repeated to 32. Its bytes are, in the order Quay tries: a decimal integer's big-endian bytes (when
/// its hex form has an even number of digits, else Python's <c>bytearray.fromhex</c> refuses it and Quay goes on), a
/// UUID's 16 bytes, or the characters' codes.
/// </summary>
public static class QuaySecretKey
{
    public const int Length = 32;

    /// <returns>The key; null when Quay could not have used the value either (empty, or characters beyond one byte).</returns>
    public static byte[]? Derive(string configValue)
    {
        var material = AsInteger(configValue) ?? AsUuid(configValue) ?? AsCharacterCodes(configValue);
        if (material is not { Length: > 0 }) return null;
        var key = new byte[Length];
        for (var i = 0; i < Length; i++) key[i] = material[i % material.Length];
        return key;
    }

    /// <summary>Python's <c>int(str)</c>: surrounding blanks, a sign, '_' between digits; a negative number's hex has a '-'.</summary>
    private static byte[]? AsInteger(string value)
    {
        var text = value.Trim();
        if (text.StartsWith('+')) text = text[1..];
        if (text.Length == 0 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[^1]) || text.Contains("__", StringComparison.Ordinal)
            || !text.All(c => char.IsAsciiDigit(c) || c == '_')) return null;
        var number = BigInteger.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture);
        if (number < 16) return [(byte)number]; // "{:02x}" pads 0..15 to two digits
        var bytes = number.ToByteArray(isUnsigned: true, isBigEndian: true);
        return bytes[0] < 0x10 ? null : bytes; // an odd number of hex digits
    }

    /// <summary>Python's <c>uuid.UUID(str)</c>: "urn:" and "uuid:" dropped, braces stripped, '-' removed, 32 hex digits.</summary>
    private static byte[]? AsUuid(string value)
    {
        var hex = value.Replace("urn:", "", StringComparison.Ordinal).Replace("uuid:", "", StringComparison.Ordinal)
            .Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        return hex.Length == 32 && hex.All(char.IsAsciiHexDigit) ? Convert.FromHexString(hex) : null;
    }

    private static byte[]? AsCharacterCodes(string value) => value.Any(c => c > 0xFF) ? null : [.. value.Select(c => (byte)c)];
}
