using Appliance.Core.Errors;

namespace Appliance.Registry.Api;

/// <summary>Turns <see cref="RegistryException"/> into the OCI error body; other exceptions stay server errors.</summary>
public sealed class RegistryExceptionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (RegistryException error) when (!context.Response.HasStarted)
        {
            if (error.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await OciError.WriteAsync(context, error);
        }
    }
}
