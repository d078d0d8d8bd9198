using System.Text.Json;
using Appliance.Core.Audit;
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

    public static async Task<IResult> ListAsync(IRepositoryBrowser browser, string? q, string? sort, int? page, int? pageSize, CancellationToken cancel)
    {
        if (!Enum.TryParse<RepositorySort>(sort ?? "name", ignoreCase: true, out var order) || int.TryParse(sort, out _))
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, "sort must be name, size or pushed");
        }
        if (page is < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, $"page starts at 1 and pageSize is 1 to {MaxPageSize}");
        }
        var query = new RepositoryQuery(q, order, page ?? 1, pageSize ?? 25);
        var result = await browser.ListRepositoriesAsync(query, cancel);
        return Results.Ok(new { items = result.Items, total = result.Total, page = query.Page, pageSize = query.PageSize });
    }

    public static async Task<IResult> GetAsync(IRepositoryBrowser browser, string? name, CancellationToken cancel)
    {
        if (!RepositoryName.TryParse(name, out var repository)) return ConsoleProblem.Of(StatusCodes.Status400BadRequest, $"'{name}' is not a repository name");
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

    public static async Task<IResult> DeleteTagAsync(HttpContext context, ManifestService manifests, AuditTrail audit, string? repository, string? tag)
    {
        if (!RepositoryName.TryParse(repository, out var name) || tag is null || !Tag.IsValid(tag))
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, "repository and tag are required");
        }
        await manifests.DeleteAsync(name, ManifestReference.ForTag(tag), context.RequestAborted);
        Record(context, audit, AuditActions.TagDelete, name, null, $"tag {tag}");
        return Results.NoContent();
    }

    public static async Task<IResult> DeleteManifestAsync(HttpContext context, ManifestService manifests, AuditTrail audit, string? repository, string? digest)
    {
        if (!RepositoryName.TryParse(repository, out var name) || !Digest.TryParse(digest, out var parsed))
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, "repository and digest are required");
        }
        await manifests.DeleteAsync(name, ManifestReference.ForDigest(parsed), context.RequestAborted);
        Record(context, audit, AuditActions.ManifestDelete, name, parsed.ToString(), null);
        return Results.NoContent();
    }

    public static string KindOf(string mediaType, string? artifactType) =>
        MediaTypes.IsIndex(mediaType) ? "index" : artifactType is not null ? "artifact" : "image";

    internal static void Record(HttpContext context, AuditTrail audit, string action, RepositoryName? repository, string? digest, string? detail) =>
        audit.Record(action, context.Features.Get<ConsoleCaller>()?.Name, CallerResolver.ClientAddress(context), repository?.Value, digest,
            detail is null ? "from the console" : $"{detail}, from the console");
}
