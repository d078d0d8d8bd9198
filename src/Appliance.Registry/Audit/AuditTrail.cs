using Appliance.Core.Audit;
using Appliance.Registry.Auth;

namespace Appliance.Registry.Audit;

/// <summary>
/// Records an audit event in the metadata store and as one structured log line. A failure to record is logged and never
/// fails the change it describes, which has already happened.
/// </summary>
public sealed class AuditTrail(IAuditLog log, TimeProvider clock, ILogger<AuditTrail> logger)
{
    /// <summary>The name commands run on this host record as the user: the operating system account that ran them.</summary>
    public const string LocalAddress = "local";

    public Task RecordAsync(HttpContext context, string action, string? repository = null, string? digest = null, string? detail = null) =>
        RecordAsync(action, context.Features.Get<RegistryCaller>()?.UserName, CallerResolver.ClientAddress(context), repository, digest, detail);

    public Task RecordLocalAsync(string action, string? repository = null, string? digest = null, string? detail = null) =>
        RecordAsync(action, Environment.UserName, LocalAddress, repository, digest, detail);

    public async Task RecordAsync(string action, string? user, string? clientAddress, string? repository = null, string? digest = null,
        string? detail = null)
    {
        var entry = new AuditEvent(clock.GetUtcNow(), action, user, clientAddress, repository, digest, detail);
        logger.LogInformation("Audit {AuditAction} by {AuditUser} from {AuditClient}: {AuditRepository} {AuditDigest} {AuditDetail}",
            action, user ?? "-", clientAddress ?? "-", repository ?? "-", digest ?? "-", detail ?? "-");
        try
        {
            await log.RecordAsync(entry, CancellationToken.None);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            logger.LogError(e, "Could not record audit event {AuditAction}", action);
        }
    }
}
