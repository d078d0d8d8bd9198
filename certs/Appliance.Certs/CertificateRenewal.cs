using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs;

/// <summary>Re-issues the server certificate from the stored CA.</summary>
public static class CertificateRenewal
{
    /// <summary>
    /// Issues a new server certificate (new key, new serial) with the same SANs and key type as
    /// the current ssl.crt and writes it over ssl.crt/ssl.key. Because the CA is unchanged,
    /// clients that trust ca.crt accept the new certificate without any change on their side.
    /// </summary>
    public static X509Certificate2 RenewServerCertificate(CertificateFiles files, TimeSpan? validity = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var authority = files.LoadCertificateAuthority();
        // CreateFromPem takes the first certificate, which in ssl.crt is the leaf.
        using var current = X509Certificate2.CreateFromPem(File.ReadAllText(files.ServerCertificatePath));

        var request = new ServerCertificateRequest(
            SubjectAlternativeNames.DnsNames(current),
            SubjectAlternativeNames.IPAddresses(current))
        {
            Validity = validity ?? ServerCertificateRequest.DefaultValidity,
            // An RSA certificate is renewed as RSA 3072 whatever its old size: RSA clients keep working.
            KeyType = CertificateKeys.GetKeyType(current),
        };

        var renewed = authority.IssueServerCertificate(request);
        files.WriteServerCertificate(renewed, authority.Certificate);
        return renewed;
    }
}
