using Appliance.Core.Identity;
using Appliance.Core.Releases;
using Appliance.Registry.Auth;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>GET /api/v1/releases</c>: the OpenShift releases in the registry (<see cref="ReleaseCatalog"/>) in the repositories the
/// caller may read, newest push first, each with whether its payload is complete.
/// </summary>
public static class ReleasesApi
{
    public static async Task<IResult> ListAsync(HttpContext context, ReleaseCatalog releases, CallerAccess access, CancellationToken cancel)
    {
        var readable = await access.ReadablePatternsAsync(context.Features.Get<ConsoleCaller>()!.Principal, cancel);
        var found = await releases.ListAsync(
            repository => ReadableNamespace.Covers(readable, NamespacePattern.Of(repository)), cancel);
        return Results.Ok(found.Select(r => new
        {
            r.Repository, digest = r.Digest.ToString(), r.Tags, r.PushedAt, r.Version, r.Architectures, r.Components, r.Present,
            complete = r.IsComplete, r.ComponentRepository, r.Problem,
        }));
    }
}
