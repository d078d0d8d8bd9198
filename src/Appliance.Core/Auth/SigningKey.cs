namespace Appliance.Core.Auth;

/// <summary>A token signing key as stored: its id (the <c>kid</c> tokens name) and its PKCS#8 private key in PEM.</summary>
public sealed record SigningKey(string KeyId, string PrivateKeyPem)
{
    /// <summary>The id only: a record would otherwise print the private key wherever it is logged or formatted.</summary>
    public override string ToString() => $"signing key {KeyId}";
}
