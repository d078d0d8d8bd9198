namespace Appliance.Certs;

/// <summary>Stable identifiers for what is wrong with a user-supplied certificate; safe to match on in scripts.</summary>
public enum CertificateProblemCode
{
    FileUnreadable,
    NotPem,
    NoCertificate,
    NoPrivateKey,
    EncryptedKey,
    UnsupportedKey,
    KeyMismatch,
    ChainIncomplete,
    NameMismatch,
    Expired,
    NotYetValid,
    WrongUsage,
}
