using Appliance.Core.ClusterConfig;
using Appliance.Core.Auth;
using Appliance.Core.Releases;
using Appliance.Registry.Auth;
using Appliance.Registry.Tls;

// Namespace ConsoleApi, not Console: a namespace Appliance.Registry.Console would hide System.Console in every file of
// the project (the CLI writes with Console.WriteLine).
namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>GET /api/v1/releases/check?reference=REFERENCE[&amp;source=SOURCE=MIRROR]...</c>: the console's view of
/// <c>appliance-registry release check</c>. Needs pull permission on the release's repository. 200 with the report
/// (<c>complete</c> says whether anything is missing); 400 for bad input, 404 for an unknown release, 422 for an image
/// that is not a release, 409 when the release's own content is missing from the store.
/// </summary>
public static class ReleaseCheckEndpoint
{
    public static IEndpointRouteBuilder MapReleaseCheck(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/releases/check", async (HttpContext context, RegistryAuthorizer authorizer, ReleaseChecker checker,
            RegistryNames names, string? reference, string[]? source) =>
        {
            ImageReference release;
            MirrorMap map;
            try
            {
                release = ImageReference.Parse(reference ?? throw new FormatException("the reference query parameter is required"));
                var pairs = (source ?? []).Select(MirrorSource.Parse).ToArray();
                // The host the caller reached us by names this registry too.
                map = new MirrorMap(pairs, host => names.Includes(host) || host == ImageReference.CanonicalHostName(context.Request.Host.Value ?? ""));
                var repository = ReleaseChecker.RepositoryOf(release, map);
                if (await authorizer.AuthorizeRepositoryAsync(context, repository.Value, RegistryAction.Pull) is null) return;
                var report = await checker.CheckAsync(release, map, progress: null, context.RequestAborted);
                await context.Response.WriteAsJsonAsync(ToJson(report), context.RequestAborted);
            }
            catch (Exception e) when (e is FormatException or ReleaseCheckException)
            {
                context.Response.StatusCode = (e as ReleaseCheckException)?.Failure switch
                {
                    ReleaseCheckFailure.UnknownRelease => StatusCodes.Status404NotFound,
                    ReleaseCheckFailure.NotARelease => StatusCodes.Status422UnprocessableEntity,
                    ReleaseCheckFailure.Damaged => StatusCodes.Status409Conflict,
                    _ => StatusCodes.Status400BadRequest,
                };
                await context.Response.WriteAsJsonAsync(new { error = e.Message }, context.RequestAborted);
            }
        });
        return endpoints;
    }

    private static object ToJson(ReleaseCheckReport report) => new
    {
        reference = report.Reference,
        repository = report.Repository.Value,
        digest = report.Digest.ToString(),
        complete = report.IsComplete,
        payloads = report.Payloads.Select(p => new
        {
            platform = p.Platform, digest = p.Digest.ToString(), version = p.Version, components = p.Components, present = p.Present,
            missing = p.Missing.Select(m => new { name = m.Name, source = m.Source, mirror = m.Mirror }),
        }),
        absent = report.AbsentPlatforms.Select(a => new { platform = a.Platform, digest = a.Digest.ToString() }),
    };
}
