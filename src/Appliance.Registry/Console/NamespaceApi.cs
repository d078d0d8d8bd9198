using Appliance.Core.Identity;
using Appliance.Core.Storage;
using Appliance.Core.Usage;
using Appliance.Registry.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>GET /api/v1/namespaces/{name}</c>: one namespace's size and its repositories, largest first. 404 when the caller may
/// read nothing there (whether it exists is then not its business) or it holds no repository.
/// </summary>
public static class NamespaceApi
{
    private const int MaxRepositories = 200;

    public static async Task<IResult> GetAsync(HttpContext context, INamespaceUsage usage, IRepositoryBrowser browser, CallerAccess access, string name,
        CancellationToken cancel)
    {
        var readable = await access.ReadablePatternsAsync(context.Features.Get<ConsoleCaller>()!.Principal, cancel);
        IReadOnlyList<string> scope = ReadableNamespace.Covers(readable, name) ? [name] : [];
        var size = (await usage.LargestAsync(scope, 1, cancel)).FirstOrDefault(n => n.Namespace == name);
        if (size is null) return ConsoleProblem.Of(StatusCodes.Status404NotFound, $"namespace {name} holds no repository you may read");
        var repositories = await browser.ListRepositoriesAsync(new RepositoryQuery(null, RepositorySort.Size, 1, MaxRepositories, scope), cancel);
        return Results.Ok(new
        {
            name,
            size.UniqueBytes,
            repositoryCount = repositories.Total,
            repositories = repositories.Items,
        });
    }
}
