using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Appliance.Core.Upstreams;

namespace Appliance.Upstream;

/// <summary>
/// The Authorization one upstream host wants, learnt from its first 401 as podman does: none until asked, then Basic with the
/// pull secret's credentials, or a bearer token from the challenge's realm for each scope (<c>repository:NAME:pull</c>),
/// fetched with those credentials (or anonymously) and reused until it expires.
/// </summary>
internal sealed class UpstreamAuthenticator(HttpClient http, string host, string? proxy, UpstreamCredentials? credentials, TimeProvider clock)
{
    /// <summary>What a token endpoint that names no lifetime means (the token spec's default).</summary>
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    /// <summary>A token is renewed this long before it expires, so a request never carries one that expires on the way.</summary>
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (string Token, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _tokenFetch = new(1, 1);
    private volatile AuthenticationChallenge? _challenge;

    public bool HasCredentials => credentials is not null;

    /// <summary>Tokens once the upstream asked for them; before its first challenge, credentials count as Basic.</summary>
    public UpstreamAuthentication Authentication => _challenge is { IsBearer: true } ? UpstreamAuthentication.Token
        : credentials is null ? UpstreamAuthentication.Anonymous : UpstreamAuthentication.Basic;

    /// <summary>The header for a request in <paramref name="scope"/> (null for the registry's root), or null while none is asked for.</summary>
    public async Task<AuthenticationHeaderValue?> HeaderAsync(string? scope, CancellationToken cancellationToken)
    {
        var challenge = _challenge;
        if (challenge is null) return null;
        if (challenge.IsBasic) return credentials is null ? null : new AuthenticationHeaderValue("Basic", credentials.BasicParameter);
        var key = scope ?? "";
        lock (_tokens)
        {
            if (_tokens.TryGetValue(key, out var cached) && cached.Expires > clock.GetUtcNow()) return new AuthenticationHeaderValue("Bearer", cached.Token);
        }
        await _tokenFetch.WaitAsync(cancellationToken);
        try
        {
            lock (_tokens)
            {
                // Another request fetched it while this one waited.
                if (_tokens.TryGetValue(key, out var cached) && cached.Expires > clock.GetUtcNow()) return new AuthenticationHeaderValue("Bearer", cached.Token);
            }
            var (token, expires) = await FetchTokenAsync(challenge, scope, cancellationToken);
            lock (_tokens) _tokens[key] = (token, expires);
            return new AuthenticationHeaderValue("Bearer", token);
        }
        finally
        {
            _tokenFetch.Release();
        }
    }

    /// <summary>
    /// A 401 answered a request that carried <paramref name="sent"/>: learns the challenge and returns whether asking again
    /// can help (false when the same kind of credentials was refused already).
    /// </summary>
    public bool Learn(HttpResponseMessage unauthorized, string? scope, AuthenticationHeaderValue? sent)
    {
        var challenge = AuthenticationChallenge.From(unauthorized.Headers);
        if (challenge is null) return false;
        _challenge = challenge;
        if (sent is null) return challenge.IsBearer || credentials is not null;
        if (!string.Equals(sent.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)) return false;
        // The token was refused (revoked, or the scope wanted more): one new one is worth a try.
        lock (_tokens) _tokens.Remove(scope ?? "");
        return false;
    }

    private async Task<(string Token, DateTimeOffset Expires)> FetchTokenAsync(AuthenticationChallenge challenge, string? scope, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (challenge.Service is { } service) query.Add("service=" + Uri.EscapeDataString(service));
        if (scope is not null) query.Add("scope=" + Uri.EscapeDataString(scope));
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http"))
        {
            throw new UpstreamException(UpstreamFailure.Protocol, host, $"upstream {host} names a token realm that is not an HTTP URL");
        }
        var builder = new UriBuilder(realm) { Query = string.Join('&', new[] { realm.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query)) };
        using var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
        if (credentials is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials.BasicParameter);
        using var response = await UpstreamErrors.SendAsync(http, request, host, proxy, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) throw Refused();
        if (!response.IsSuccessStatusCode)
        {
            throw new UpstreamException(UpstreamFailure.Unreachable, host, $"upstream {host}: its token service answered {(int)response.StatusCode}");
        }
        var issuedAt = clock.GetUtcNow();
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            var root = document.RootElement;
            var token = root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                : root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (string.IsNullOrEmpty(token)) throw new JsonException();
            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds) : DefaultTokenLifetime;
            return (token, issuedAt + lifetime - (lifetime > 2 * RenewalMargin ? RenewalMargin : TimeSpan.Zero));
        }
        catch (JsonException)
        {
            throw new UpstreamException(UpstreamFailure.Protocol, host, $"upstream {host}: its token service sent no token");
        }
    }

    public UpstreamException Refused() => credentials is null
        ? new UpstreamException(UpstreamFailure.Unauthorized, host, $"upstream {host} wants credentials and the pull secret has none for {host}")
        : new UpstreamException(UpstreamFailure.Unauthorized, host, $"upstream {host} refused the credentials of {credentials.User} (from the pull secret)");
}
