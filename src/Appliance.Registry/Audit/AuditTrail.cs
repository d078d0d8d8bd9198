using System.Threading.Channels;
using Appliance.Core.Audit;
using Appliance.Registry.Auth;

namespace Appliance.Registry.Audit;

/// <summary>
/// Records audit events in the metadata store and as one structured log line each. Events of requests are queued and
/// written in batches by <see cref="AuditWriter"/>, so a push does not wait for a second synced transaction; commands
/// run on the host write theirs at once, before they exit. A failure to record is logged and never fails the change
/// it describes, which has already happened.
/// </summary>
public sealed class AuditTrail(IAuditLog log, TimeProvider clock, ILogger<AuditTrail> logger)
{
    /// <summary>The client address recorded for commands run on this host (with the operating-system account as the user).</summary>
    public const string LocalAddress = "local";

    private readonly Channel<AuditEvent> _queue = Channel.CreateUnbounded<AuditEvent>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<AuditEvent> Queue => _queue.Reader;

    public void Record(HttpContext context, string action, string? repository = null, string? digest = null, string? detail = null) =>
        Record(action, context.Features.Get<RegistryCaller>()?.UserName, CallerResolver.ClientAddress(context), repository, digest, detail);

    public void Record(string action, string? user, string? clientAddress, string? repository = null, string? digest = null, string? detail = null) =>
        _queue.Writer.TryWrite(Describe(action, user, clientAddress, repository, digest, detail));

    /// <summary>Writes the event before returning, for what may end the process right after.</summary>
    public Task RecordNowAsync(string action, string? user, string? clientAddress, string? repository = null, string? digest = null,
        string? detail = null) =>
        WriteAsync([Describe(action, user, clientAddress, repository, digest, detail)], CancellationToken.None);

    /// <summary>For commands run on this host: the operating-system account, written before the command exits.</summary>
    public Task RecordLocalAsync(string action, string? repository = null, string? digest = null, string? detail = null) =>
        RecordNowAsync(action, Environment.UserName, LocalAddress, repository, digest, detail);

    public async Task WriteAsync(IReadOnlyList<AuditEvent> entries, CancellationToken cancellationToken)
    {
        try
        {
            await log.RecordAsync(entries, cancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            logger.LogError(e, "Could not record {Count} audit events", entries.Count);
        }
    }

    private AuditEvent Describe(string action, string? user, string? clientAddress, string? repository, string? digest, string? detail)
    {
        logger.LogInformation("Audit {AuditAction} by {AuditUser} from {AuditClient}: {AuditRepository} {AuditDigest} {AuditDetail}",
            action, user ?? "-", clientAddress ?? "-", repository ?? "-", digest ?? "-", detail ?? "-");
        return new AuditEvent(clock.GetUtcNow(), action, user, clientAddress, repository, digest, detail);
    }
}
