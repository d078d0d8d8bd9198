using System.DirectoryServices.Protocols;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Ldap;

/// <summary>
/// Which CAs the TLS handshake trusts: the system's (libldap's default, from ldap.conf's TLS_CACERT), or the ones in
/// <c>auth.ldap.caFile</c>. On Linux the client is OpenLDAP's libldap, and .NET does not pass a CA file to it (nor a
/// certificate callback: VerifyServerCertificate is Windows-only); it does pass a CA directory
/// (TrustedCertificatesDirectory, LDAP_OPT_X_TLS_CACERTDIR) for a TLS context of the connection's own
/// (StartNewTlsSessionContext, LDAP_OPT_X_TLS_NEWCTX). So each certificate of the CA file is written into a private
/// directory that holds nothing else, and each connection is pointed at it: another CA next to the file is never trusted,
/// and no process-wide state (the LDAPTLS_CACERT environment variable) is touched. The files are named as c_rehash names
/// them (<see cref="OpenSslSubjectHash"/>.0), because a libldap built with OpenSSL (RHEL) finds CAs in a directory by that
/// name only; Debian's, built with GnuTLS, reads every file there (measured with the tests' slapd).
/// The server's name is checked against the URL's host (libldap replaces a host "localhost" by the machine's own name
/// for that check, so a loopback server is best named by address, with an IP SAN in its certificate); a
/// <c>TLS_REQCERT never</c> in the system's ldap.conf would turn that off for every libldap client on the host.
/// </summary>
internal sealed class LdapTrust : IDisposable
{
    private readonly DirectoryInfo? _directory;

    private LdapTrust(DirectoryInfo? directory) => _directory = directory;

    public static LdapTrust Of(string? caFile)
    {
        if (string.IsNullOrWhiteSpace(caFile)) return new LdapTrust(null);
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(caFile);
        var directory = Directory.CreateTempSubdirectory("appliance-ldap-ca-");
        foreach (var certificate in certificates)
        {
            var hash = OpenSslSubjectHash.Of(certificate.SubjectName);
            var suffix = 0;
            while (File.Exists(Path.Combine(directory.FullName, $"{hash}.{suffix}"))) suffix++;
            File.WriteAllText(Path.Combine(directory.FullName, $"{hash}.{suffix}"), certificate.ExportCertificatePem() + "\n");
            certificate.Dispose();
        }
        return new LdapTrust(directory);
    }

    public void Apply(LdapSessionOptions session)
    {
        if (_directory is null) return;
        session.TrustedCertificatesDirectory = _directory.FullName;
        session.StartNewTlsSessionContext();
    }

    public void Dispose() => _directory?.Delete(recursive: true);
}
