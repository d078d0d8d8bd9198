using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Registry.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary><c>/api/v1/session</c>: log in with a registry user's password, see who is logged in, log out.</summary>
public static class SessionApi
{
    public sealed record Login(string User, string Password);

    public static async Task<IResult> GetAsync(HttpContext context, ConsoleSessions sessions, CallerAccess access)
    {
        ConsoleSessions.EnsureCsrfCookie(context);
        var caller = await sessions.ResolveAsync(context);
        return caller is null ? ConsoleProblem.Of(StatusCodes.Status401Unauthorized, "log in first") : await DescribeAsync(context, caller, access);
    }

    /// <summary>The same check, throttle (429) and failure audit as Basic credentials on the registry API.</summary>
    public static async Task<IResult> LoginAsync(HttpContext context, Login login, CredentialVerifier verifier, ConsoleSessions sessions,
        CallerAccess access)
    {
        if (string.IsNullOrEmpty(login.User) || string.IsNullOrEmpty(login.Password))
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, "user and password are required");
        }
        var user = await verifier.VerifyAsync(new BasicCredentials(login.User, login.Password), CallerResolver.ClientAddress(context), context.RequestAborted);
        if (user is null) return ConsoleProblem.Of(StatusCodes.Status401Unauthorized, "wrong user name or password");
        if (user.Kind == PrincipalKind.Robot) return ConsoleProblem.Of(StatusCodes.Status403Forbidden, "robot accounts cannot use the console");
        var caller = ConsoleCaller.For(user);
        if (!caller.Has(Role.Pull)) return ConsoleProblem.Of(StatusCodes.Status403Forbidden, $"the {caller.Role.ToString().ToLowerInvariant()} role cannot use the console");
        sessions.Start(context, user.Name);
        return await DescribeAsync(context, caller, access);
    }

    public static IResult Logout(HttpContext context)
    {
        ConsoleSessions.End(context);
        return Results.NoContent();
    }

    /// <summary>
    /// Who is logged in, and the namespace patterns it administers (<c>*</c>: all), so the pages show the navigation to grants
    /// and robots only to those who can use them.
    /// </summary>
    private static async Task<IResult> DescribeAsync(HttpContext context, ConsoleCaller caller, CallerAccess access)
    {
        var administers = caller.Role == Role.Admin ? [NamespacePattern.Everything]
            : caller.IsAnonymous ? [] : await access.AdministeredPatternsAsync(caller.Principal, context.RequestAborted) ?? [NamespacePattern.Everything];
        return Results.Ok(new { user = caller.Name, role = EnumNames.Of(caller.Role), anonymous = caller.IsAnonymous, administers });
    }
}
