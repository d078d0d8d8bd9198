using System.Security.Cryptography;
using System.Text;
using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Registry.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// Console sessions: a short-lived token (signed like registry tokens, but for the console's audience only) in an HttpOnly,
/// Secure, SameSite=Strict cookie, renewed while the user is active; and the double-submit CSRF cookie whose value every
/// state-changing request repeats in a header, which another site cannot read.
/// </summary>
public sealed class ConsoleSessions(TokenIssuer issuer, TokenValidator validator, PrincipalLookup principals, IOptions<AuthOptions> options,
    TimeProvider clock)
{
    public const string SessionCookie = "appliance-session";
    public const string CsrfCookie = "appliance-csrf";
    public const string CsrfHeader = "X-CSRF-Token";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public void Start(HttpContext context, string user) =>
        context.Response.Cookies.Append(SessionCookie, issuer.Issue(user, RegistryClaims.ConsoleAudience, [], Lifetime).Token,
            CookieOptions(httpOnly: true, Lifetime));

    public static void End(HttpContext context) => context.Response.Cookies.Delete(SessionCookie, CookieOptions(httpOnly: true, null));

    /// <summary>Who the console is used by; null when nobody is logged in and anonymous reading is off.</summary>
    public async Task<ConsoleCaller?> ResolveAsync(HttpContext context)
    {
        if (!options.Value.Enabled) return new ConsoleCaller(null, Role.Admin, IsAnonymous: false);
        if (await ResumeAsync(context) is { } user) return ConsoleCaller.For(user);
        return options.Value.AnonymousPull ? new ConsoleCaller(null, Role.Pull, IsAnonymous: true) : null;
    }

    /// <summary>The user of the request's console session (renewed when due), or null.</summary>
    public async Task<Principal?> ResumeAsync(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(SessionCookie, out var token) || token.Length == 0) return null;
        var claims = await validator.ValidateAsync(token);
        if (claims?.FindFirst(JwtRegisteredClaimNames.Aud)?.Value != RegistryClaims.ConsoleAudience) return null;
        // Read the account again: a deleted user's session ends, a changed role or group applies at once. Robots never have one.
        var user = await principals.FindAsync(claims.FindFirst(JwtRegisteredClaimNames.Sub)?.Value ?? "", context.RequestAborted);
        if (user is null || user.Kind == PrincipalKind.Robot) return null;
        if (long.TryParse(claims.FindFirst(JwtRegisteredClaimNames.Iat)?.Value, out var issuedAt)
            && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issuedAt) > Lifetime / 3)
        {
            Start(context, user.Name);
        }
        return user;
    }

    /// <summary>Sets the CSRF cookie when the browser has none yet.</summary>
    public static void EnsureCsrfCookie(HttpContext context)
    {
        if (context.Request.Cookies.ContainsKey(CsrfCookie)) return;
        context.Response.Cookies.Append(CsrfCookie, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), CookieOptions(httpOnly: false, null));
    }

    public static bool CsrfHeaderMatches(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CsrfCookie, out var cookie) && cookie is { Length: > 0 }
        && context.Request.Headers[CsrfHeader].ToString() is { Length: > 0 } header
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), Encoding.UTF8.GetBytes(header));

    private static CookieOptions CookieOptions(bool httpOnly, TimeSpan? maxAge) => new()
    {
        HttpOnly = httpOnly, Secure = true, SameSite = SameSiteMode.Strict, Path = "/", MaxAge = maxAge, IsEssential = true,
    };
}
