using System.Security.Cryptography;
using System.Text;

namespace Appliance.Testing.Quay;

/// <summary>
/// Encrypts a value as Quay's <c>EncryptedCharField</c> stores it (quay/quay <c>data/encryption.py</c>, version v0):
/// <c>v0$$</c> + base64(13-byte nonce + AES-CCM ciphertext + 16-byte tag), no associated data; the key is the config's
/// <c>DATABASE_SECRET_KEY</c> as <c>util/security/secret.py</c> turns it into 32 bytes. Written here from those facts,
/// apart from the importer's decryption, so a test of one checks the other. Keys here are plain strings (what
/// mirror-registry generates: 48 random base64 characters), whose bytes are the characters' codes, repeated to 32.
/// </summary>
public static class QuayFieldEncryption
{
    public static string Encrypt(string databaseSecretKey, string value)
    {
        var codes = databaseSecretKey.Select(c => checked((byte)c)).ToArray();
        var key = Enumerable.Range(0, 32).Select(i => codes[i % codes.Length]).ToArray();
        var nonce = RandomNumberGenerator.GetBytes(13);
        var plain = Encoding.UTF8.GetBytes(value);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using (var ccm = new AesCcm(key)) ccm.Encrypt(nonce, plain, cipher, tag);
        return "v0$$" + Convert.ToBase64String([.. nonce, .. cipher, .. tag]);
    }
}
