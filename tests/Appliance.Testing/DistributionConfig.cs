using System.Net;
using Appliance.Certs;
using Appliance.Registry.Auth;

namespace Appliance.Testing;

/// <summary>
/// The config of CNCF distribution (Debian's docker-registry) that the tests and the benchmark run it with: filesystem storage
/// with the in-memory blob descriptor cache of the packaged default config, deletes enabled, errors-only logs.
/// </summary>
public static class DistributionConfig
{
    /// <param name="httpSection">Further lines of the http section, indented by two (e.g. tls).</param>
    /// <param name="extraSections">Further top-level sections (e.g. auth).</param>
    /// <param name="accessLog">Every request on standard output, Apache style (so a test can count the upstream GETs of a blob).</param>
    public static string Yaml(string storageDirectory, string authority, string httpSection = "", string extraSections = "", bool accessLog = false) => $"""
        version: 0.1
        log:
          level: error
          accesslog:
            disabled: {(accessLog ? "false" : "true")}
        storage:
          cache:
            blobdescriptor: inmemory
          filesystem:
            rootdirectory: {storageDirectory}
          delete:
            enabled: true
        http:
          addr: {authority}
        {httpSection}{extraSections}
        """;

    /// <summary>The cost <c>htpasswd -B</c> uses, as distribution's documentation creates its users.</summary>
    private const int HtpasswdBcryptCost = 5;

    /// <summary>
    /// The http section's tls lines for a throwaway certificate (localhost and 127.0.0.1) from a CA of its own, both written to
    /// <paramref name="directory"/>; returns them with the CA file a client trusts.
    /// </summary>
    public static (string HttpSection, string CaFile) Tls(string directory)
    {
        var files = new CertificateFiles(directory);
        using var authority = CertificateAuthority.Create();
        using var server = authority.IssueServerCertificate(new ServerCertificateRequest(["localhost"], [IPAddress.Loopback]));
        files.WriteCertificateAuthority(authority);
        files.WriteServerCertificate(server, authority.Certificate);
        return ($"  tls:\n    certificate: {files.ServerCertificatePath}\n    key: {files.ServerKeyPath}\n", files.CaCertificatePath);
    }

    /// <summary>An auth section asking for one user's password (htpasswd, bcrypt), the only auth distribution has without a token server.</summary>
    public static string Htpasswd(string file, BasicCredentials credentials, string realm = "distribution")
    {
        File.WriteAllText(file, $"{credentials.User}:{BCrypt.Net.BCrypt.HashPassword(credentials.Password, HtpasswdBcryptCost)}\n");
        return $"auth:\n  htpasswd:\n    realm: {realm}\n    path: {file}\n";
    }
}
