using Appliance.Core.Storage;

namespace Appliance.Registry.Api;

/// <summary>Adds the RFC 5988 <c>Link</c> header that points at the next page.</summary>
public static class PaginatedResponse
{
    public static void AddNextLink(HttpResponse response, string path, Page<string> page, int? requestedSize)
    {
        if (!page.HasMore || page.Items.Count == 0) return;
        var n = requestedSize ?? page.Items.Count;
        response.Headers.Link = $"<{path}?n={n}&last={Uri.EscapeDataString(page.Items[^1])}>; rel=\"next\"";
    }
}
