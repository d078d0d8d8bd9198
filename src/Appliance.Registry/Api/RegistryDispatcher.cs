using Appliance.Core.Errors;

namespace Appliance.Registry.Api;

/// <summary>Sends each <c>/v2/&lt;name&gt;/...</c> request to the handler for its resource and method.</summary>
public sealed class RegistryDispatcher(BlobsApi blobs, UploadsApi uploads, ManifestsApi manifests, ListingsApi listings, ReferrersApi referrers)
{
    public Task DispatchAsync(HttpContext context, string? path)
    {
        var method = context.Request.Method;
        switch (path)
        {
            case null or "" when method is "GET" or "HEAD":
                // The version check clients make first; with auth enabled it is where they learn how to log in.
                context.Response.ContentType = "application/json";
                return HttpMethods.IsHead(method) ? Task.CompletedTask : context.Response.WriteAsync("{}", context.RequestAborted);
            case "_catalog" when method == "GET":
                return listings.ListRepositoriesAsync(context);
            case null or "" or "_catalog":
                throw new RegistryException(OciErrorCode.Unsupported, $"{method} is not supported here");
        }

        var route = RegistryRoute.Parse(path);
        if (route is null)
        {
            throw new RegistryException(OciErrorCode.NameInvalid, "the path does not name a registry resource (/v2/<name>/blobs|manifests|tags|referrers/...)");
        }
        var repository = RequestValues.RequireRepository(route.Name);
        var argument = route.Argument ?? "";
        return (route.Resource, method) switch
        {
            (RegistryResource.Blob, "GET" or "HEAD") => blobs.GetAsync(context, repository, argument),
            (RegistryResource.Blob, "DELETE") => blobs.DeleteAsync(context, repository, argument),
            (RegistryResource.UploadStart, "POST") => uploads.StartAsync(context, repository),
            (RegistryResource.Upload, "PATCH") => uploads.PatchAsync(context, repository, argument),
            (RegistryResource.Upload, "PUT") => uploads.PutAsync(context, repository, argument),
            (RegistryResource.Upload, "GET") => uploads.GetStatusAsync(context, repository, argument),
            (RegistryResource.Upload, "DELETE") => uploads.CancelAsync(context, repository, argument),
            (RegistryResource.Manifest, "GET" or "HEAD") => manifests.GetAsync(context, repository, argument),
            (RegistryResource.Manifest, "PUT") => manifests.PutAsync(context, repository, argument),
            (RegistryResource.Manifest, "DELETE") => manifests.DeleteAsync(context, repository, argument),
            (RegistryResource.Tags, "GET") => listings.ListTagsAsync(context, repository),
            (RegistryResource.Referrers, "GET") => referrers.ListAsync(context, repository, argument),
            _ => throw new RegistryException(OciErrorCode.Unsupported, $"{method} is not supported on {route.Resource.ToString().ToLowerInvariant()}"),
        };
    }
}
