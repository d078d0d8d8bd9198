using Appliance.Core.Names;
using Appliance.Core.Services;
using Appliance.Registry.Auth;

namespace Appliance.Registry.Api;

/// <summary><c>GET /v2/&lt;name&gt;/tags/list</c> and <c>GET /v2/_catalog</c>, both with <c>n</c>/<c>last</c> pagination.</summary>
public sealed class ListingsApi(ListingService listings, CallerAccess access)
{
    public async Task ListTagsAsync(HttpContext context, RepositoryName repository)
    {
        var request = context.Request;
        var n = RequestValues.OptionalPageSize(request);
        var page = await listings.ListTagsAsync(repository, n, RequestValues.OptionalQuery(request, "last"), context.RequestAborted);
        PaginatedResponse.AddNextLink(context.Response, $"/v2/{repository}/tags/list", page, n);
        await context.Response.WriteAsJsonAsync(new { name = repository.Value, tags = page.Items }, context.RequestAborted);
    }

    public async Task ListRepositoriesAsync(HttpContext context)
    {
        var request = context.Request;
        var n = RequestValues.OptionalPageSize(request);
        // Only what the caller may pull (a token grants the catalog scope, not what it lists).
        var visible = await access.PullFilterAsync(context.Features.Get<RegistryCaller>(), context.RequestAborted);
        var page = await listings.ListRepositoriesAsync(n, RequestValues.OptionalQuery(request, "last"), visible, context.RequestAborted);
        PaginatedResponse.AddNextLink(context.Response, "/v2/_catalog", page, n);
        await context.Response.WriteAsJsonAsync(new { repositories = page.Items }, context.RequestAborted);
    }
}
