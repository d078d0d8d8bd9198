using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Appliance.Certs;

namespace Appliance.Testing;

/// <summary>
/// A throw-away OpenLDAP server (Debian's slapd) on two free loopback ports, <c>ldap://</c> (StartTLS offered) and
/// <c>ldaps://</c>, with a certificate from a CA the test makes. Its configuration (cn=config) and its database are
/// loaded with slapadd into a directory of its own: <see cref="SlapdDirectory"/> holds the entries. The memberof overlay
/// keeps <c>memberOf</c> on users as groups change through LDAP. As root it runs as root (no <c>-u</c>), so its files
/// need no other owner; Debian's AppArmor profile for slapd allows only /etc/ldap and /var/lib/ldap, so on a host that
/// enforces it the test must run unconfined. Stopped by PID; <see cref="StartAsync"/> starts it again on the same ports.
/// </summary>
public sealed class SlapdServer : IAsyncDisposable
{
    private const string Slapd = "/usr/sbin/slapd";
    /// <summary>Debian keeps schemas in /etc/ldap and modules in /usr/lib/ldap; Fedora and RHEL in /etc/openldap and /usr/lib64/openldap.</summary>
    private static readonly string Schemas = Directory.Exists("/etc/ldap/schema") ? "/etc/ldap/schema" : "/etc/openldap/schema";
    private static readonly string Modules = Directory.Exists("/usr/lib/ldap") ? "/usr/lib/ldap" : "/usr/lib64/openldap";
    private readonly TestDirectory _directory;
    private ServerProcess? _process;

    private SlapdServer(TestDirectory directory)
    {
        _directory = directory;
        LdapPort = ServerProcess.FreePort();
        LdapsPort = ServerProcess.FreePort();
    }

    public static bool IsInstalled => File.Exists(Slapd);

    public int LdapPort { get; }

    public int LdapsPort { get; }

    /// <summary>
    /// Plain LDAP on loopback (StartTLS offered). By address, not "localhost": libldap checks the certificate of a server
    /// called localhost against the machine's own host name, which the test certificate does not name.
    /// </summary>
    public string LdapUrl => $"ldap://127.0.0.1:{LdapPort}";

    public string LdapsUrl => $"ldaps://127.0.0.1:{LdapsPort}";

    /// <summary>The CA that issued the server's certificate, PEM.</summary>
    public string CaFile => _directory.Combine("tls", CertificateFiles.CaCertificateFileName);

    /// <summary>The registry's service account's password, one line, as <c>auth.ldap.bindPasswordFile</c> reads it.</summary>
    public string ServicePasswordFile => _directory.Combine("service-password");

    private string ConfigDirectory => _directory.Combine("slapd.d");

    /// <summary>The root DN's password, without a newline: ldapmodify -y reads the whole file.</summary>
    private string AdminPasswordFile => _directory.Combine("admin-password");

    public static async Task<SlapdServer> CreateAsync(CancellationToken cancellationToken)
    {
        if (!IsInstalled) throw new InvalidOperationException($"OpenLDAP's server is not installed (no {Slapd}): apt-get install -y slapd ldap-utils");
        // A free port can be taken by another test's daemon between our choice and slapd's bind, and slapd then exits at
        // start-up (seen once in a clean-clone run, tests of several projects running at once): a new server, new ports.
        for (var attempt = 1; ; attempt++)
        {
            var server = new SlapdServer(new TestDirectory("appliance-slapd"));
            try
            {
                await server.SetUpAsync(cancellationToken);
                await server.StartAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("exited", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    private async Task SetUpAsync(CancellationToken cancellationToken)
    {
        var tls = new CertificateFiles(_directory.Combine("tls"));
        Directory.CreateDirectory(tls.Directory);
        using (var authority = CertificateAuthority.Create())
        using (var certificate = authority.IssueServerCertificate(new ServerCertificateRequest(["localhost"], [IPAddress.Loopback])))
        {
            tls.WriteCertificateAuthority(authority);
            tls.WriteServerCertificate(certificate, authority.Certificate);
        }
        var servicePassword = Guid.NewGuid().ToString("N");
        var adminPassword = Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(AdminPasswordFile, adminPassword, cancellationToken);
        await File.WriteAllTextAsync(ServicePasswordFile, servicePassword + "\n", cancellationToken);
        Directory.CreateDirectory(ConfigDirectory);
        Directory.CreateDirectory(_directory.Combine("data"));
        var config = _directory.Combine("config.ldif");
        await File.WriteAllTextAsync(config, SlapdDirectory.Configuration(_directory.Path, tls, adminPassword, Schemas, Modules), cancellationToken);
        (await ProcessRunner.RunAsync("/usr/sbin/slapadd", ["-n", "0", "-F", ConfigDirectory, "-l", config])).EnsureSuccess("slapadd of cn=config");
        var data = _directory.Combine("data.ldif");
        await File.WriteAllTextAsync(data, SlapdDirectory.Entries(servicePassword), cancellationToken);
        (await ProcessRunner.RunAsync("/usr/sbin/slapadd", ["-F", ConfigDirectory, "-b", SlapdDirectory.BaseDn, "-l", data])).EnsureSuccess("slapadd of the entries");
    }

    /// <summary>
    /// Starts the (stopped) server on its ports; ready when both accept connections (slapd starts listening on one after
    /// the other, and under load a client of the second was refused in between).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Slapd);
        // -d keeps it in the foreground (its PID is ours to stop); level 0 prints only what goes wrong at start-up.
        foreach (var argument in new[] { "-F", ConfigDirectory, "-h", $"ldap://127.0.0.1:{LdapPort}/ ldaps://127.0.0.1:{LdapsPort}/", "-d", "0" })
        {
            start.ArgumentList.Add(argument);
        }
        _process = await ServerProcess.StartAsync(start, async () => await AcceptsAsync(LdapPort, cancellationToken) && await AcceptsAsync(LdapsPort, cancellationToken),
            TimeSpan.FromSeconds(30));
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = LoopbackSocket.NewTcp();
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Stops the server (SIGTERM by PID): connections fail as when the directory host is down.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _process = null;
    }

    /// <summary>Applies an LDIF change (ldapmodify as the database's root DN), e.g. a group membership.</summary>
    public async Task ModifyAsync(string ldif) =>
        (await ProcessRunner.RunAsync("ldapmodify", ["-x", "-H", $"ldap://127.0.0.1:{LdapPort}", "-D", SlapdDirectory.AdminDn, "-y", AdminPasswordFile],
            standardInput: ldif)).EnsureSuccess("ldapmodify");

    public async Task AddMemberAsync(string groupDn, string memberDn) =>
        await ModifyAsync($"dn: {groupDn}\nchangetype: modify\nadd: member\nmember: {memberDn}\n");

    public async Task RemoveMemberAsync(string groupDn, string memberDn) =>
        await ModifyAsync($"dn: {groupDn}\nchangetype: modify\ndelete: member\nmember: {memberDn}\n");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }
}
