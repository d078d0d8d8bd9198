using Appliance.Core.Auth;
using Appliance.Core.Errors;
using Appliance.Registry.Api;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Appliance.Registry.Auth;

/// <summary>Writes the 401 that tells Docker clients where to get a token and for which scope.</summary>
public sealed class AuthChallenge(IOptions<AuthOptions> options)
{
    public string Realm(HttpRequest request) => options.Value.Realm ?? $"{request.Scheme}://{request.Host}/v2/auth";

    public string Service(HttpRequest request) => options.Value.Service ?? request.Host.ToString();

    /// <summary>Several scopes go into one space-separated <c>scope</c> parameter, as distribution writes them.</summary>
    public Task WriteAsync(HttpContext context, IReadOnlyList<AccessScope> scopes, string message, string? error = null)
    {
        var request = context.Request;
        var challenge = $"Bearer realm=\"{Realm(request)}\",service=\"{Service(request)}\"";
        if (scopes.Count > 0) challenge += $",scope=\"{string.Join(' ', scopes)}\"";
        if (error is not null) challenge += $",error=\"{error}\"";
        context.Response.Headers[HeaderNames.WWWAuthenticate] = challenge;
        return OciError.WriteAsync(context, OciErrorCode.Unauthorized, message,
            scopes.Count == 0 ? null : scopes.Select(scope => new { Type = scope.Type, Name = scope.Name, Action = string.Join(',', scope.Actions) }).ToArray());
    }
}
