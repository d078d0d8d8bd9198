using Appliance.Core.Import.Quay;
using Appliance.Testing.Quay;

namespace Appliance.Maintenance.Tests.MirrorRegistry;

/// <summary>Quay's field decryption, against values Python's cryptography AESCCM encrypted with Quay's key derivation, and the fixture's encryptor.</summary>
public sealed class QuayFieldDecryptionTests
{
    /// <summary>"robot-token-ABC" under each way Quay reads DATABASE_SECRET_KEY (integer, UUID, characters; an integer with an odd hex form is characters), nonce 00..0c.</summary>
    [Theory]
    [InlineData("123456789012", "1cbe991a141cbe991a141cbe991a141cbe991a141cbe991a141cbe991a141cbe", "v0$$AAECAwQFBgcICQoLDC/kJWvWYChfxRJL1gJ5xT8/miQXbA4lmhTNHwYsrCE=")]
    [InlineData("4d3c4a6e-8b1a-4c5f-9e2d-7a6b5c4d3e2f", "4d3c4a6e8b1a4c5f9e2d7a6b5c4d3e2f4d3c4a6e8b1a4c5f9e2d7a6b5c4d3e2f", "v0$$AAECAwQFBgcICQoLDOeY2mB6odKaq5au0tObA5shKrr6a1j0/MgzF0dPQNs=")]
    [InlineData("0123", "7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b7b", "v0$$AAECAwQFBgcICQoLDHujaCppjhX7v+bGCLTTwnhijvgZvgvkvw1NH2sczsU=")]
    [InlineData("mK8yZ3+q/Wv1TnR0aLs9dQpXe7Jc2HbU4fGo6iYkVrN5MwE=", "6d4b38795a332b712f577631546e5230614c73396451705865374a6332486255", "v0$$AAECAwQFBgcICQoLDMFfe2v3JgXIkmrNK37u25J0sRGIY8p+4DWgvsj9RAI=")]
    [InlineData(" 42 ", "2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a", "v0$$AAECAwQFBgcICQoLDOzwWg4PMlSfaEP2auxwq/8SvcRcfpuj4stfuZtrq14=")]
    public void A_value_Quay_encrypted_decrypts_with_the_key_it_derives(string configKey, string derivedKey, string stored)
    {
        Assert.Equal(derivedKey, Convert.ToHexStringLower(QuaySecretKey.Derive(configKey)!));
        Assert.Equal("robot-token-ABC", new QuayFieldDecryption(configKey).Decrypt(stored));
    }

    [Fact]
    public void An_odd_length_integer_key_is_taken_as_characters_as_Python_does()
    {
        // 1234 is 0x4d2: bytearray.fromhex("4d2") fails, so Quay uses the characters "1234".
        Assert.Equal(Convert.ToHexStringLower("12341234123412341234123412341234"u8), Convert.ToHexStringLower(QuaySecretKey.Derive("1234")!));
    }

    [Fact]
    public void The_fixtures_encryption_decrypts_and_another_key_or_a_damaged_value_does_not()
    {
        const string key = "mK8yZ3+q/Wv1TnR0aLs9dQpXe7Jc2HbU4fGo6iYkVrN5MwE=";
        var stored = QuayFieldEncryption.Encrypt(key, "a robot's token");
        Assert.Equal("a robot's token", new QuayFieldDecryption(key).Decrypt(stored));
        Assert.Null(new QuayFieldDecryption("another key of the same length, but not the one").Decrypt(stored));
        Assert.Null(new QuayFieldDecryption(key).Decrypt(stored[..^4] + "AAA="));
        Assert.Null(new QuayFieldDecryption(key).Decrypt("v1$$" + stored[4..]));
        Assert.Null(new QuayFieldDecryption(key).Decrypt("not encrypted"));
    }
}
