using System.Text.Json;
using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Content;
using Appliance.Core.Manifests;
using Appliance.Core.Names;
using Appliance.Core.Services;
using Appliance.Core.Storage;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// Repositories and what they hold. Repository names contain '/', so they travel as the <c>name</c> (or <c>repository</c>)
/// query parameter rather than in the path.
/// </summary>
public static class RepositoriesApi
{
    private const int MaxPageSize = 200;

    public static async Task<IResult> ListAsync(HttpContext context, IRepositoryBrowser browser, CallerAccess access, string? q, string? sort,
        int? page, int? pageSize, CancellationToken cancel)
    {
        if (!Enum.TryParse<RepositorySort>(sort ?? "name", ignoreCase: true, out var order) || int.TryParse(sort, out _))
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, "sort must be name, size or pushed");
        }
        if (page is < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, $"page starts at 1 and pageSize is 1 to {MaxPageSize}");
        }
        var readable = await access.ReadablePatternsAsync(Caller(context).Principal, cancel);
        var query = new RepositoryQuery(q, order, page ?? 1, pageSize ?? 25, readable);
        var result = await browser.ListRepositoriesAsync(query, cancel);
        return Results.Ok(new { items = result.Items, total = result.Total, page = query.Page, pageSize = query.PageSize });
    }

    public static async Task<IResult> GetAsync(HttpContext context, IRepositoryBrowser browser, CallerAccess access, string? name, CancellationToken cancel)
    {
        if (!RepositoryName.TryParse(name, out var repository)) return ConsoleProblem.Of(StatusCodes.Status400BadRequest, $"'{name}' is not a repository name");
        if (await RefusedAsync(context, access, repository, RegistryAction.Pull) is { } refused) return refused;
        var manifests = await browser.ListManifestsAsync(repository, cancel);
        if (manifests is null) return ConsoleProblem.Of(StatusCodes.Status404NotFound, $"repository {repository} does not exist");
        return Results.Ok(new
        {
            name = repository.Value,
            manifests = manifests.Select(m => new
            {
                digest = m.Digest.ToString(), m.MediaType, kind = KindOf(m.MediaType, m.ArtifactType), m.ArtifactType,
                platforms = m.Content.IsEmpty ? [] : ManifestJson.Platforms(m.Content).Select(p => p.Platform).ToArray(),
                m.Size, m.PushedAt, m.Tags,
            }),
        });
    }

    public static async Task<IResult> DeleteTagAsync(HttpContext context, ManifestService manifests, AuditTrail audit, CallerAccess access,
        string? repository, string? tag)
    {
        if (!RepositoryName.TryParse(repository, out var name) || tag is null || !Tag.IsValid(tag))
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, "repository and tag are required");
        }
        if (await RefusedAsync(context, access, name, RegistryAction.Delete) is { } refused) return refused;
        await manifests.DeleteAsync(name, ManifestReference.ForTag(tag), context.RequestAborted);
        Record(context, audit, AuditActions.TagDelete, name, null, $"tag {tag}");
        return Results.NoContent();
    }

    public static async Task<IResult> DeleteManifestAsync(HttpContext context, ManifestService manifests, AuditTrail audit, CallerAccess access,
        string? repository, string? digest)
    {
        if (!RepositoryName.TryParse(repository, out var name) || !Digest.TryParse(digest, out var parsed))
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, "repository and digest are required");
        }
        if (await RefusedAsync(context, access, name, RegistryAction.Delete) is { } refused) return refused;
        await manifests.DeleteAsync(name, ManifestReference.ForDigest(parsed), context.RequestAborted);
        Record(context, audit, AuditActions.ManifestDelete, name, parsed.ToString(), null);
        return Results.NoContent();
    }

    /// <summary>
    /// 404 when the caller may not even pull there (the repository's existence is not its business), 403 when it may pull but
    /// not change; null when allowed.
    /// </summary>
    internal static async Task<IResult?> RefusedAsync(HttpContext context, CallerAccess access, RepositoryName repository, string action)
    {
        var principal = Caller(context).Principal;
        var cancel = context.RequestAborted;
        if (await access.PermitsAsync(principal, repository.Value, action, cancel)) return null;
        if (Caller(context).IsAnonymous && action != RegistryAction.Pull) return ConsoleProblem.Of(StatusCodes.Status401Unauthorized, "log in first");
        return await access.PermitsAsync(principal, repository.Value, RegistryAction.Pull, cancel)
            ? ConsoleProblem.Of(StatusCodes.Status403Forbidden, $"{Caller(context).Name} may not {action} in {repository}")
            : ConsoleProblem.Of(StatusCodes.Status404NotFound, $"repository {repository} does not exist");
    }

    private static ConsoleCaller Caller(HttpContext context) => context.Features.Get<ConsoleCaller>()!;

    public static string KindOf(string mediaType, string? artifactType) =>
        MediaTypes.IsIndex(mediaType) ? "index" : artifactType is not null ? "artifact" : "image";

    internal static void Record(HttpContext context, AuditTrail audit, string action, RepositoryName? repository, string? digest, string? detail) =>
        audit.Record(action, context.Features.Get<ConsoleCaller>()?.Name, CallerResolver.ClientAddress(context), repository?.Value, digest,
            detail is null ? "from the console" : $"{detail}, from the console");
}
