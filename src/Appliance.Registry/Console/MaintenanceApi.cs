using Appliance.Core.Audit;
using Appliance.Core.Integrity;
using Appliance.Core.Storage;
using Appliance.Registry.Auth;
using Appliance.Registry.Maintenance;

namespace Appliance.Registry.ConsoleApi;

/// <summary><c>/api/v1/maintenance/*</c> (admin): garbage collection, its history, blob verification, uploads in progress.</summary>
public static class MaintenanceApi
{
    public sealed record GcRequest(bool DryRun);

    public sealed record VerifyRequest(int? Sample);

    /// <summary>A real run is recorded in the audit trail with the admin who started it and their address.</summary>
    public static async Task<IResult> RunGcAsync(HttpContext context, GcRequest request, AuditedGarbageCollection collector)
    {
        var report = await collector.RunAsync(request.DryRun, context.Features.Get<ConsoleCaller>()?.Name, CallerResolver.ClientAddress(context),
            "from the console", progress: null, context.RequestAborted);
        return Results.Ok(new
        {
            report.DryRun, report.ManifestsRemoved, report.LinksRemoved, report.BlobsRemoved, report.BytesReclaimed, report.UploadsExpired,
            durationSeconds = report.Duration.TotalSeconds,
        });
    }

    public static async Task<IResult> GcHistoryAsync(IAuditLog audit, CancellationToken cancel) =>
        Results.Ok(await audit.ListAsync(new AuditQuery(Action: AuditActions.GcRun, Limit: 50), cancel));

    /// <summary>Checks (never repairs) all blobs, or a random sample of them.</summary>
    public static async Task<IResult> VerifyAsync(VerifyRequest request, BlobVerifier verifier, VerificationHistory history, CancellationToken cancel)
    {
        if (request.Sample is < 1) return ConsoleProblem.Of(StatusCodes.Status400BadRequest, "sample must be at least 1");
        var report = await verifier.RunAsync(request.Sample, repair: false, progress: null, cancel);
        history.Last = report;
        return Results.Ok(new
        {
            report.Checked, clean = report.IsClean,
            missing = report.Missing.Select(d => d.ToString()), wrongSize = report.WrongSize.Select(d => d.ToString()),
            corrupt = report.Corrupt.Select(d => d.ToString()), orphans = report.Orphans.Select(d => d.ToString()),
        });
    }

    public static async Task<IResult> UploadsAsync(IRepositoryBrowser browser, CancellationToken cancel) =>
        Results.Ok((await browser.ListUploadsAsync(cancel)).Select(u => new { id = u.Id.Value, repository = u.Repository.Value, u.StartedAt }));

    /// <summary>The audit trail, newest first, filtered by user, repository and action.</summary>
    public static async Task<IResult> AuditAsync(IAuditLog audit, string? user, string? repository, string? action, CancellationToken cancel) =>
        Results.Ok(await audit.ListAsync(new AuditQuery(User: NullIfEmpty(user), Repository: NullIfEmpty(repository), Action: NullIfEmpty(action), Limit: 200), cancel));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
