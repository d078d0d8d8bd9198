namespace Appliance.Registry.Metrics;

/// <summary>
/// The kind of route a request path names, as a metrics label: the same few values whatever the repository, read
/// from the end of the path as <see cref="Api.RegistryRoute"/> does, without allocating.
/// </summary>
public static class RouteKind
{
    public static string Of(PathString pathString)
    {
        var path = pathString.Value.AsSpan();
        if (!path.StartsWith("/v2/"))
        {
            if (path.StartsWith("/health")) return "health";
            if (path.StartsWith("/admin/")) return "admin";
            if (path.SequenceEqual("/metrics")) return "metrics";
            if (path.StartsWith("/api/")) return "console_api";
            return "other";
        }
        if (path.SequenceEqual("/v2/") || path.SequenceEqual("/v2")) return "base";
        if (path.SequenceEqual("/v2/auth")) return "token";
        if (path.SequenceEqual("/v2/_catalog")) return "catalog";
        if (path.EndsWith("/tags/list")) return "tags";
        var lastSlash = path.LastIndexOf('/');
        var parent = path[..lastSlash];
        if (parent.EndsWith("/blobs/uploads") || path.EndsWith("/blobs/uploads")) return "upload";
        if (parent.EndsWith("/blobs")) return "blob";
        if (parent.EndsWith("/manifests")) return "manifest";
        if (parent.EndsWith("/referrers")) return "referrers";
        return "other";
    }
}
