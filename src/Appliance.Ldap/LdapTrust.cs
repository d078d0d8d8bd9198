using System.DirectoryServices.Protocols;

namespace Appliance.Ldap;

/// <summary>
/// Which CA the TLS handshake trusts: the system's (libldap's default, from ldap.conf's TLS_CACERT), or the one in
/// <c>auth.ldap.caFile</c>. On Linux the client is OpenLDAP's libldap, and .NET does not pass a CA file to it (nor a
/// certificate callback: VerifyServerCertificate is Windows-only); it does pass a CA directory
/// (TrustedCertificatesDirectory, LDAP_OPT_X_TLS_CACERTDIR) for a TLS context of the connection's own
/// (StartNewTlsSessionContext, LDAP_OPT_X_TLS_NEWCTX). So the CA file is copied into a private directory that holds
/// nothing else, and each connection is pointed at it: another CA in the file's own directory is never trusted, and no
/// process-wide state (the LDAPTLS_CACERT environment variable) is touched. Debian's libldap is built with GnuTLS, which
/// reads every file in the directory (measured with the tests' slapd). A libldap built with OpenSSL (RHEL) looks CAs up
/// in a directory by subject-hash file names only, which this copy does not have: there, put the CA into the system
/// trust store or set LDAPTLS_CACERT in the service's environment.
/// The server's name is checked against the URL's host (libldap replaces a host "localhost" by the machine's own name
/// for that check, so a loopback server is best named by address, with an IP SAN in its certificate); a <c>TLS_REQCERT never</c> in the system's ldap.conf would turn
/// that off for every libldap client on the host, so do not set it there.
/// </summary>
internal sealed class LdapTrust : IDisposable
{
    private readonly DirectoryInfo? _directory;

    private LdapTrust(DirectoryInfo? directory) => _directory = directory;

    public static LdapTrust Of(string? caFile)
    {
        if (string.IsNullOrWhiteSpace(caFile)) return new LdapTrust(null);
        var directory = Directory.CreateTempSubdirectory("appliance-ldap-ca-");
        File.Copy(caFile, Path.Combine(directory.FullName, "ca.pem"));
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
