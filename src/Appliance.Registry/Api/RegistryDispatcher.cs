using Appliance.Core.Auth;
using Appliance.Core.Errors;
using Appliance.Core.Names;
using Appliance.Registry.Auth;

namespace Appliance.Registry.Api;

/// <summary>Sends each <c>/v2/&lt;name&gt;/...</c> request to the handler for its resource and method.</summary>
public sealed class RegistryDispatcher(
    BlobsApi blobs, UploadsApi uploads, ManifestsApi manifests, ListingsApi listings, ReferrersApi referrers, RegistryAuthorizer authorizer)
{
    public async Task DispatchAsync(HttpContext context, string? path)
    {
        var method = context.Request.Method;
        switch (path)
        {
            case null or "" when method is "GET" or "HEAD":
                // The version check clients make first; without credentials it is where they learn how to log in.
                if (await authorizer.AuthorizeRegistryAsync(context, catalog: false) is null) return;
                context.Response.ContentType = "application/json";
                if (!HttpMethods.IsHead(method)) await context.Response.WriteAsync("{}", context.RequestAborted);
                return;
            case "_catalog" when method == "GET":
                if (await authorizer.AuthorizeRegistryAsync(context, catalog: true) is null) return;
                await listings.ListRepositoriesAsync(context);
                return;
            case null or "" or "_catalog":
                throw new RegistryException(OciErrorCode.Unsupported, $"{method} is not supported here");
        }

        // Reads of what cannot exist are "not found" (404), as the spec's endpoint table has it; writes are told why they are invalid.
        var reading = method is "GET" or "HEAD";
        var route = RegistryRoute.Parse(path);
        if (route is null)
        {
            throw new RegistryException(reading ? OciErrorCode.NameUnknown : OciErrorCode.NameInvalid,
                "the path does not name a registry resource (/v2/<name>/blobs|manifests|tags|referrers/...)");
        }
        if (!RepositoryName.TryParse(route.Name, out var repository))
        {
            throw new RegistryException(reading ? OciErrorCode.NameUnknown : OciErrorCode.NameInvalid, $"'{route.Name}' is not a valid repository name");
        }
        var argument = route.Argument ?? "";
        var caller = await authorizer.AuthorizeRepositoryAsync(context, repository.Value, RequiredAction(method), MountSourceScope(context, route, repository));
        if (caller is null) return;
        await ((route.Resource, method) switch
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
        });
    }

    /// <summary>
    /// A cross-repository mount also reads its source: the challenge names that scope too, so that clients which build
    /// their token request from the challenge get a token that allows the mount (as distribution does).
    /// </summary>
    private static AccessScope? MountSourceScope(HttpContext context, RegistryRoute route, RepositoryName repository) =>
        route.Resource == RegistryResource.UploadStart
        && RequestValues.OptionalQuery(context.Request, "mount") is not null
        && RepositoryName.TryParse(RequestValues.OptionalQuery(context.Request, "from"), out var source)
        && source != repository
            ? new AccessScope(AccessScope.Repository, source.Value, [RegistryAction.Pull])
            : null;

    private static string RequiredAction(string method) => method switch
    {
        "GET" or "HEAD" => RegistryAction.Pull,
        "DELETE" => RegistryAction.Delete,
        _ => RegistryAction.Push,
    };
}
