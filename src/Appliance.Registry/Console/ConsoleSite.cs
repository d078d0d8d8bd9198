using System.Reflection;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// The console's pages, embedded in the binary (nothing is fetched at run time). Any other path without a file extension is a
/// page of the single-page app, so deep links and the back button work: it gets index.html and the script routes it.
/// </summary>
public static class ConsoleSite
{
    private const string ResourcePrefix = "console/";
    private static readonly Assembly Assembly = typeof(ConsoleSite).Assembly;
    private static readonly HashSet<string> Resources = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Select(n => n[ResourcePrefix.Length..]).ToHashSet(StringComparer.Ordinal);
    private static readonly string[] NotPages = ["api/", "v2/", "admin/", "health", "metrics"];

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/{**path}", (HttpContext context, string? path) =>
        {
            path ??= "";
            if (!Resources.Contains(path))
            {
                if (NotPages.Any(p => path.StartsWith(p, StringComparison.Ordinal)) || Path.HasExtension(path))
                {
                    return ConsoleProblem.Of(StatusCodes.Status404NotFound, $"/{path} does not exist");
                }
                path = "index.html";
            }
            var headers = context.Response.Headers;
            // Everything the pages need comes from this server: no inline script, no other origin, no framing.
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";
            headers.XContentTypeOptions = "nosniff";
            headers.CacheControl = "no-cache";
            var contentType = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            return Results.Stream(Assembly.GetManifestResourceStream(ResourcePrefix + path)!, contentType);
        });
}
