namespace Appliance.Certs;

/// <summary>Key algorithm for generated certificates.</summary>
public enum CertificateKeyType
{
    /// <summary>ECDSA on NIST P-256: small, fast, and accepted by every current OCI client.</summary>
    EcdsaP256 = 0,

    /// <summary>RSA 3072: for environments whose policy or old clients still require RSA.</summary>
    Rsa3072,
}
