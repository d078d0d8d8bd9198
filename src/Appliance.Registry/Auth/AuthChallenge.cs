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

    public Task WriteAsync(HttpContext context, AccessScope? scope, string message, string? error = null)
    {
        var request = context.Request;
        var challenge = $"Bearer realm=\"{Realm(request)}\",service=\"{Service(request)}\"";
        if (scope is not null) challenge += $",scope=\"{scope}\"";
        if (error is not null) challenge += $",error=\"{error}\"";
        context.Response.Headers[HeaderNames.WWWAuthenticate] = challenge;
        return OciError.WriteAsync(context, OciErrorCode.Unauthorized, message,
            scope is null ? null : new[] { new { Type = scope.Type, Name = scope.Name, Action = string.Join(',', scope.Actions) } });
    }
}
