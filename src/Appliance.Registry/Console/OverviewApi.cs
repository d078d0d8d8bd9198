using System.Diagnostics;
using System.Reflection;
using Appliance.Core.Audit;
using Appliance.Core.Services;
using Appliance.Core.Storage;
using Appliance.Registry.Tls;

namespace Appliance.Registry.ConsoleApi;

/// <summary><c>GET /api/v1/overview</c>: the registry's health and contents on one page.</summary>
public static class OverviewApi
{
    private const int CertificateWarningDays = 30;

    public static async Task<IResult> GetAsync(HttpContext context, IRegistryStatistics statistics, IRepositoryBrowser browser, IBlobStore blobStore,
        StorageReserve reserve, IAuditLog audit, VerificationHistory verifications, TimeProvider clock)
    {
        var cancel = context.RequestAborted;
        var now = clock.GetUtcNow();
        var counts = await statistics.CountAsync(cancel);
        var linkedBytes = await browser.LinkedBytesAsync(cancel);
        var space = blobStore.GetSpace();
        long? reserveBytes = space is { } known ? reserve.ReserveOf(known) : null;
        var lastGc = (await audit.ListAsync(new AuditQuery(Action: AuditActions.GcRun, Limit: 1), cancel)).FirstOrDefault();
        var warnings = new List<string>();
        using var process = Process.GetCurrentProcess();

        object? certificate = null;
        if (context.RequestServices.GetService<ServerCertificateProvider>() is { IsInitialized: true } certificates)
        {
            var info = certificates.CurrentInfo;
            var days = (int)Math.Floor((info.NotAfter - now).TotalDays);
            certificate = new { names = info.DnsNames.Concat(info.IPAddresses.Select(a => a.ToString())), notAfter = info.NotAfter, daysToExpiry = days };
            if (days < CertificateWarningDays) warnings.Add($"the server certificate expires in {days} days: renew it with appliance-registry certs renew");
        }
        if (space is { } filesystem && filesystem.AvailableBytes < reserveBytes)
        {
            warnings.Add($"free disk space ({filesystem.AvailableBytes / (1 << 20)} MiB) is below the upload reserve ({reserveBytes / (1 << 20)} MiB): pushes are refused");
        }
        if (verifications.Last is { IsClean: false } problems)
        {
            warnings.Add($"the last verify found {problems.Missing.Count} missing, {problems.WrongSize.Count} wrong-size, {problems.Corrupt.Count} corrupt "
                + $"and {problems.Orphans.Count} orphaned blobs");
        }

        return Results.Ok(new
        {
            version = typeof(OverviewApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            uptimeSeconds = (long)(now - process.StartTime.ToUniversalTime()).TotalSeconds,
            certificate,
            // An object store has no free or total bytes: those are null.
            disk = new { totalBytes = space?.TotalBytes, freeBytes = space?.AvailableBytes, reserveBytes, storedBytes = counts.StoredBytes },
            counts = new { counts.Repositories, counts.Manifests, counts.Tags, counts.Blobs, counts.UploadsInProgress },
            // Sum of image sizes over bytes on disk: 2.0 means deduplication halved the space needed.
            deduplicationRatio = counts.StoredBytes == 0 ? 1.0 : Math.Round((double)linkedBytes / counts.StoredBytes, 2),
            linkedBytes,
            lastGc = lastGc is null ? null : new { lastGc.Time, lastGc.User, lastGc.Detail },
            warnings,
        });
    }
}
