using System.DirectoryServices.Protocols;
using System.Net;
using Appliance.Core.Identity;

namespace Appliance.Ldap;

/// <summary>
/// Logins against an LDAP server or Active Directory: the service account finds the user's entry by name (the name
/// escaped into <see cref="LdapOptions.UserFilter"/>), a bind as that entry's DN with the password checks the password,
/// and the service account reads the user's groups (direct, or nested as <see cref="LdapOptions.NestedGroups"/> says).
/// Every call opens its own connections and closes them: a login is rare next to pulls, and nothing is shared between
/// threads. Each call as a whole is bounded by the connect plus the query time-out; a server that cannot be reached or
/// does not answer in time is a <see cref="DirectoryUnavailableException"/> naming the server (never a password).
/// </summary>
public sealed class LdapDirectory : IDirectory, IDisposable
{
    private const int InvalidCredentials = 49;
    private readonly LdapOptions _options;
    private readonly LdapServerAddress _server;
    private readonly LdapTrust _trust;
    private readonly NetworkCredential? _service;

    /// <summary>Reads the service account's password file now (at start), so a missing file fails the start, not a login.</summary>
    /// <exception cref="InvalidOperationException">The options are not valid (<see cref="LdapOptionsValidation"/> says why).</exception>
    public LdapDirectory(LdapOptions options)
    {
        var errors = LdapOptionsValidation.Validate(options);
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
        _options = options;
        _server = LdapServerAddress.TryParse(options.Url, out _)!;
        if (options.BindDn is { Length: > 0 } bindDn)
        {
            _service = new NetworkCredential(bindDn, File.ReadAllText(options.BindPasswordFile!).TrimEnd('\r', '\n'));
        }
        _trust = LdapTrust.Of(options.CaFile);
    }

    public Task<DirectoryAccount?> AuthenticateAsync(string user, string password, CancellationToken cancellationToken)
    {
        // Before any connection: a simple bind with a DN and no password is an anonymous ("unauthenticated") bind, which
        // servers accept; it must never count as a login.
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)) return Task.FromResult<DirectoryAccount?>(null);
        return RunAsync("log in " + user, () =>
        {
            using var service = Connect(_service);
            if (FindUser(service, user) is not { } entry) return null;
            using (var asUser = Open())
            {
                try
                {
                    asUser.Bind(new NetworkCredential(entry.DistinguishedName, password));
                }
                catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
                {
                    return null;
                }
            }
            var name = entry.Attributes[_options.UserNameAttribute]?[0] as string ?? user;
            return new DirectoryAccount(name, entry.DistinguishedName, GroupsOf(service, entry.DistinguishedName));
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>?> GroupsOfAsync(string distinguishedName, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<string>?>("read the groups of " + distinguishedName, () =>
        {
            using var service = Connect(_service);
            try
            {
                service.SendRequest(new SearchRequest(distinguishedName, "(objectClass=*)", SearchScope.Base, "1.1"));
            }
            catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.NoSuchObject)
            {
                return null; // The user was deleted or moved since the login.
            }
            return GroupsOf(service, distinguishedName);
        }, cancellationToken);

    public Task CheckAsync(CancellationToken cancellationToken) =>
        RunAsync<object?>("connect", () =>
        {
            using var service = Connect(_service);
            return null;
        }, cancellationToken);

    public override string ToString() => $"LDAP directory {_server.Url}";

    public void Dispose() => _trust.Dispose();

    private SearchResultEntry? FindUser(LdapConnection service, string user)
    {
        var request = new SearchRequest(_options.UserBase, LdapFilter.Format(_options.UserFilter, user), SearchScope.Subtree, _options.UserNameAttribute)
        {
            SizeLimit = 2,
        };
        try
        {
            var entries = ((SearchResponse)service.SendRequest(request)).Entries;
            // Two entries for one name is a filter that does not identify users: nobody logs in as either.
            return entries.Count == 1 ? entries[0] : null;
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.SizeLimitExceeded)
        {
            return null;
        }
    }

    private List<string> GroupsOf(LdapConnection service, string distinguishedName)
    {
        if (string.IsNullOrWhiteSpace(_options.GroupBase)) return [];
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var template = _options.NestedGroups == LdapOptions.AdChain ? LdapFilter.InChain(_options.GroupFilter) : _options.GroupFilter;
        var depth = _options.NestedGroups == LdapOptions.Recursive ? Math.Max(1, _options.NestingDepth) : 1;
        // Level by level: the groups of the user, then the groups those groups are members of, one search per level.
        List<string> members = [distinguishedName];
        for (var level = 0; level < depth && members.Count > 0; level++)
        {
            var filter = members.Count == 1
                ? LdapFilter.Format(template, members[0])
                : "(|" + string.Concat(members.Select(member => LdapFilter.Format(template, member))) + ")";
            var request = new SearchRequest(_options.GroupBase, filter, SearchScope.Subtree, _options.GroupNameAttribute);
            members = [];
            foreach (SearchResultEntry group in ((SearchResponse)service.SendRequest(request)).Entries)
            {
                if (!seen.Add(group.DistinguishedName)) continue;
                members.Add(group.DistinguishedName);
                if (group.Attributes[_options.GroupNameAttribute]?[0] is string name) names.Add(name);
            }
        }
        return names;
    }

    /// <summary>A connection bound as <paramref name="credential"/> (anonymous when null).</summary>
    private LdapConnection Connect(NetworkCredential? credential)
    {
        var connection = Open();
        try
        {
            if (credential is null)
            {
                connection.AuthType = AuthType.Anonymous;
                connection.Bind();
            }
            else
            {
                connection.Bind(credential);
            }
            return connection;
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
        {
            connection.Dispose();
            throw new DirectoryUnavailableException(
                $"the LDAP server {_server.Url} refused the service account {_options.BindDn} (auth.ldap.bindDn, bindPasswordFile): {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>An unbound connection over TLS: ldaps, or StartTLS on ldap:// (which only a loopback host may go without).</summary>
    private LdapConnection Open()
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier(_server.Host, _server.Port, fullyQualifiedDnsHostName: false, connectionless: false))
        {
            AuthType = AuthType.Basic,
            Timeout = _options.QueryTimeout,
            // Binds happen only where this class binds, with the credential it means.
            AutoBind = false,
        };
        try
        {
            var session = connection.SessionOptions;
            session.ProtocolVersion = 3;
            // Referrals would send the user's password to whatever server a referral names.
            session.ReferralChasing = ReferralChasingOptions.None;
            _trust.Apply(session);
            if (_server.Ldaps) session.SecureSocketLayer = true;
            else if (_options.StartTls)
            {
                ConnectUnbound(connection);
                StartTls(session);
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// slapd may answer StartTLS with an operations error while it still counts the root DSE read just answered as outstanding
    /// (RFC 4511 forbids StartTLS with operations outstanding, and slapd finishes an operation after sending its result): seen
    /// once in a clean-clone test run under load. The connection stays usable in clear text, so asking again a moment later
    /// is the remedy; a certificate that does not verify fails the same way each time and is reported after the last try.
    /// </summary>
    private static void StartTls(LdapSessionOptions session)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                session.StartTransportLayerSecurity(null);
                return;
            }
            catch (TlsOperationException) when (attempt < 3)
            {
                Thread.Sleep(25 * attempt);
            }
        }
    }

    /// <summary>
    /// Connects without a bind. On Linux, StartTransportLayerSecurity on a connection not yet made fails ("The LDAP server is
    /// unavailable", measured with package 10.0.15 against slapd), and only a request connects: an anonymous read of the
    /// root DSE, which carries nothing secret and which servers answer (a refusal still leaves the connection made).
    /// </summary>
    private static void ConnectUnbound(LdapConnection connection)
    {
        try
        {
            connection.SendRequest(new SearchRequest("", "(objectClass=*)", SearchScope.Base, "1.1"));
        }
        catch (DirectoryOperationException)
        {
            // Connected; the server just does not show its root DSE before a bind.
        }
    }

    private async Task<T> RunAsync<T>(string what, Func<T> operation, CancellationToken cancellationToken)
    {
        var bound = _options.ConnectTimeout + _options.QueryTimeout;
        try
        {
            // The client library blocks; a thread of the pool waits for it, and the caller waits no longer than the bound.
            return await Task.Run(operation, cancellationToken).WaitAsync(bound, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new DirectoryUnavailableException($"the LDAP server {_server.Url} did not answer within {bound.TotalSeconds:0.#} s (trying to {what})", e);
        }
        catch (LdapException e)
        {
            throw new DirectoryUnavailableException($"the LDAP server {_server.Url} cannot be reached (trying to {what}): {e.Message}{Detail(e.ServerErrorMessage)}", e);
        }
        catch (DirectoryOperationException e)
        {
            throw new DirectoryUnavailableException($"the LDAP server {_server.Url} refused a search (trying to {what}): {e.Message}{Detail(e.Response?.ErrorMessage)}", e);
        }
    }

    private static string Detail(string? message) => string.IsNullOrWhiteSpace(message) ? "" : $" ({message.Trim()})";
}
