using Appliance.Core.Audit;
using Appliance.Core.ClusterConfig;
using Appliance.Core.Releases;
using Appliance.Core.Upstreams;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;
using Appliance.Registry.Maintenance;
using Appliance.Registry.Tls;
using Appliance.Upstream;

namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// <c>POST /api/v1/releases/mirror</c> and <c>/api/v1/sync/jobs</c> (admin): the console's <c>release mirror</c>,
/// <c>release check --fill</c>, and the sync jobs with their last runs. A mirror answers when it is done.
/// </summary>
public static class UpstreamSyncApi
{
    public sealed record MirrorRequest(string? Reference, string[]? Sources, bool Fill);

    public static async Task<IResult> MirrorAsync(HttpContext context, MirrorRequest request, IServiceProvider services, RegistryNames names,
        AuditTrail audit)
    {
        if (services.GetService<UpstreamOptions>() is not { } upstreams)
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, "no upstreams are configured (upstreams:mappings)");
        }
        var mirror = services.GetRequiredService<ReleaseMirror>();
        try
        {
            var release = ImageReference.Parse(request.Reference ?? throw new FormatException("a reference is required"));
            var pairs = (request.Sources ?? []).Select(MirrorSource.Parse).ToArray();
            var map = mirror.MapOf(pairs.Length > 0 ? pairs : ReleaseMirror.SourcesOf(upstreams.Mappings), names.Includes);
            var report = request.Fill
                ? await mirror.FillAsync(release, map, [], progress: null, context.RequestAborted)
                : await mirror.MirrorAsync(release, map, [], progress: null, context.RequestAborted);
            await audit.RecordNowAsync(AuditActions.ReleaseMirror, context.Features.Get<ConsoleCaller>()?.Name, CallerResolver.ClientAddress(context),
                report.Check?.Repository.Value, report.Check?.Digest.ToString(),
                $"{(request.Fill ? "fill" : "mirror")} {release} from the console: {report.Copied} of {report.Components} components copied, {report.Failures.Count} failed");
            return Results.Ok(new
            {
                report.Components, report.Copied, report.Signatures, report.Failures, report.Summary, complete = report.IsComplete,
                check = report.Check is { } check ? new { check.IsComplete, payloads = check.Payloads.Select(p => new { p.Platform, p.Version, p.Components, p.Present }) } : null,
            });
        }
        catch (Exception e) when (e is FormatException or ReleaseCheckException or UpstreamException or ImageCopyException)
        {
            return ConsoleProblem.Of(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    public static async Task<IResult> JobsAsync(ISyncJobStore jobs, CancellationToken cancel)
    {
        var rows = new List<object>();
        foreach (var job in await jobs.ListAsync(cancel))
        {
            var last = (await jobs.ListRunsAsync(job.Name, 1, cancel)).FirstOrDefault();
            rows.Add(new
            {
                job.Name, job.Repositories, job.TagPattern, job.VersionRange, job.Platforms, intervalSeconds = job.Interval.TotalSeconds,
                lastRun = last is null ? null : new { last.StartedAt, last.FinishedAt, last.ImagesCopied, last.ImagesPresent, last.BytesCopied, last.Failures, last.Summary },
            });
        }
        return Results.Ok(rows);
    }
}
