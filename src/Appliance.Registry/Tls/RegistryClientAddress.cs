using Appliance.Certs;
using Appliance.Registry.Configuration;

namespace Appliance.Registry.Tls;

/// <summary>
/// How clusters reach this registry: the host:port they pull from and the CA that verifies it. Without an explicit
/// host, the certificate's first DNS name and the first configured listen port: a name that is in the certificate.
/// </summary>
public static class RegistryClientAddress
{
    public static string Host(string? explicitHost, CertificateFiles files, ServerOptions server)
    {
        if (explicitHost is { Length: > 0 }) return explicitHost;
        if (!files.HasServerCertificate) throw new InvalidOperationException($"no certificate in {files.Directory} yet: start the registry once or give the registry host:port");
        using var certificate = files.LoadServerCertificate();
        var name = CertificateInfo.FromCertificate(certificate).DnsNames.FirstOrDefault()
            ?? throw new InvalidOperationException("the certificate names no DNS name: give the registry host:port");
        return $"{name}:{ListenAddress.ParseAll(server.Listen)[0].Port}";
    }

    /// <summary>The CA clients trust (tls/ca.crt). After 'certs replace' with a certificate from another CA, put that CA's PEM there.</summary>
    public static string CaCertificatePem(CertificateFiles files)
    {
        if (File.Exists(files.CaCertificatePath)) return File.ReadAllText(files.CaCertificatePath);
        throw new InvalidOperationException($"no CA certificate at {files.CaCertificatePath}: start the registry once with TLS, or put the CA that issued ssl.crt there");
    }
}
