using Appliance.Core.GarbageCollection;
using Appliance.Core.Errors;
using Appliance.Registry.Api;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// Runs before every console endpoint: refuses state-changing requests without the CSRF header, resolves the caller and checks
/// the endpoint's role, and turns the services' exceptions into problem+json.
/// </summary>
public sealed class ConsoleGuard(ConsoleSessions sessions) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && !ConsoleSessions.CsrfHeaderMatches(context))
        {
            return ConsoleProblem.Of(StatusCodes.Status403Forbidden,
                $"missing or wrong CSRF token: send the {ConsoleSessions.CsrfHeader} header with the value of the {ConsoleSessions.CsrfCookie} cookie");
        }
        if (context.GetEndpoint()?.Metadata.GetMetadata<ConsoleRoleRequirement>() is { } required)
        {
            var caller = await sessions.ResolveAsync(context);
            if (caller is null || caller.IsAnonymous && !caller.Has(required.Role))
            {
                return ConsoleProblem.Of(StatusCodes.Status401Unauthorized, "log in first");
            }
            if (!caller.Has(required.Role))
            {
                return ConsoleProblem.Of(StatusCodes.Status403Forbidden, $"{caller.Name} ({caller.Role.ToString().ToLowerInvariant()}) may not do this: it needs the {required.Role.ToString().ToLowerInvariant()} role");
            }
            context.Features.Set(caller);
        }
        try
        {
            return await next(invocation);
        }
        catch (RegistryException error)
        {
            if (error.RetryAfter is { } wait) context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ConsoleProblem.Of(OciError.StatusOf(error.Code), error.Message);
        }
        catch (ArgumentException error)
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, error.Message);
        }
        catch (InvalidOperationException error) when (error.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            return ConsoleProblem.Of(StatusCodes.Status404NotFound, error.Message);
        }
        catch (InvalidOperationException error) when (error is GarbageCollectionBusyException || error.Message.Contains("exists already", StringComparison.Ordinal))
        {
            return ConsoleProblem.Of(StatusCodes.Status409Conflict, error.Message);
        }
    }
}
