namespace Appliance.Core.Tls;

/// <summary>
/// The registry's TLS files as PEM text: the CA that issued the server certificate (absent when the certificate came from
/// elsewhere and no local CA was ever made) and the server certificate chain with its key.
/// </summary>
public sealed record CertificatePems(string? CaCertificate, string? CaKey, string ServerCertificate, string ServerKey)
{
    /// <summary>Nothing but a note: a record would otherwise print both private keys wherever it is logged or formatted.</summary>
    public override string ToString() => "TLS certificate files";
}
