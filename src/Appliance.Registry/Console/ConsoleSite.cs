using System.Reflection;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// The console's pages, embedded in the binary (nothing is fetched at run time). The paths of the single-page app's pages get
/// index.html, whose script routes them, so deep links and the back button work; anything else is 404.
/// </summary>
public static class ConsoleSite
{
    private const string ResourcePrefix = "console/";
    private static readonly Assembly Assembly = typeof(ConsoleSite).Assembly;
    private static readonly HashSet<string> Resources = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Select(n => n[ResourcePrefix.Length..]).ToHashSet(StringComparer.Ordinal);
    private static readonly HashSet<string> Pages = new(["", "login", "repositories", "manifests", "users", "maintenance", "audit", "releases", "cluster-config", "access", "robots", "quotas", "namespaces", "retention", "upstreams"], StringComparer.Ordinal);

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
    };

    /// <summary>
    /// Each page path and each embedded file gets a route of its own: a catch-all "/{**path}" took the requests of
    /// /api/v1 endpoints with query parameters from them (seen on .NET 10), and lets nothing else be answered as a page.
    /// </summary>
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var page in Pages) endpoints.MapGet(page.Length == 0 ? "/" : $"/{page}/{{**rest}}", Serve);
        foreach (var resource in Resources) endpoints.MapGet($"/{resource}", Serve);
    }

    private static IResult Serve(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimStart('/');
        if (!Resources.Contains(path)) path = "index.html";
        var headers = context.Response.Headers;
        // Everything the pages need comes from this server: no inline script, no other origin, no framing.
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        var contentType = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
        return Results.Stream(Assembly.GetManifestResourceStream(ResourcePrefix + path)!, contentType);
    }
}
