using System.Security.Cryptography;
using System.Text;

namespace Appliance.Core.Import.Quay;

/// <summary>
/// Reads Quay's encrypted database fields (robot tokens) as quay/quay <c>data/encryption.py</c> writes them: "v0$$" then
/// base64 of a 13-byte nonce, the AES-CCM ciphertext and its 16-byte tag, no associated data, under the key
/// <see cref="QuaySecretKey"/> derives from <c>DATABASE_SECRET_KEY</c>.
/// </summary>
public sealed class QuayFieldDecryption(string databaseSecretKey)
{
    private const string Separator = "$$";
    private const string Version = "v0";
    private const int NonceLength = 13;
    private const int TagLength = 16;

    private readonly byte[]? _key = QuaySecretKey.Derive(databaseSecretKey);

    /// <returns>The value; null when it cannot be decrypted (another key, another version, damaged).</returns>
    public string? Decrypt(string stored)
    {
        var separator = stored.IndexOf(Separator, StringComparison.Ordinal);
        if (_key is null || separator < 0 || stored[..separator] != Version) return null;
        var data = new byte[stored.Length];
        if (!Convert.TryFromBase64String(stored[(separator + Separator.Length)..], data, out var length) || length < NonceLength + TagLength) return null;
        var nonce = data.AsSpan(0, NonceLength);
        var cipher = data.AsSpan(NonceLength, length - NonceLength - TagLength);
        var tag = data.AsSpan(length - TagLength, TagLength);
        var plain = new byte[cipher.Length];
        try
        {
            using var ccm = new AesCcm(_key);
            ccm.Decrypt(nonce, cipher, tag, plain);
            return Encoding.UTF8.GetString(plain);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
