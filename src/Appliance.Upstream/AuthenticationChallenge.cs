using System.Net.Http.Headers;

namespace Appliance.Upstream;

/// <summary>
/// What a 401's <c>WWW-Authenticate</c> asks for: <c>Basic</c>, or <c>Bearer realm="…",service="…",scope="…"</c> (the
/// Docker token flow), as podman reads it.
/// </summary>
public sealed record AuthenticationChallenge(string Scheme, string? Realm, string? Service)
{
    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first challenge this client can answer (Bearer before Basic), or null.</summary>
    public static AuthenticationChallenge? From(HttpResponseHeaders headers)
    {
        var challenges = headers.WwwAuthenticate.Select(Parse).ToList();
        return challenges.FirstOrDefault(c => c.IsBearer && c.Realm is not null) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    private static AuthenticationChallenge Parse(AuthenticationHeaderValue header)
    {
        var parameters = ParseParameters(header.Parameter ?? "");
        return new AuthenticationChallenge(header.Scheme, parameters.GetValueOrDefault("realm"), parameters.GetValueOrDefault("service"));
    }

    /// <summary><c>key="value",key=value</c>; commas inside quotes (a scope listing actions) stay in the value.</summary>
    private static Dictionary<string, string> ParseParameters(string text)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (position < text.Length)
        {
            var equals = text.IndexOf('=', position);
            if (equals < 0) break;
            var key = text[position..equals].Trim(' ', ',');
            position = equals + 1;
            string value;
            if (position < text.Length && text[position] == '"')
            {
                var close = text.IndexOf('"', position + 1);
                if (close < 0) close = text.Length;
                value = text[(position + 1)..close];
                position = close + 1;
            }
            else
            {
                var comma = text.IndexOf(',', position);
                if (comma < 0) comma = text.Length;
                value = text[position..comma].Trim();
                position = comma;
            }
            parameters[key] = value;
            position++;
        }
        return parameters;
    }
}
