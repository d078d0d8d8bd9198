namespace Appliance.Core.Audit;

/// <summary>Where audit events are kept, newest first when listed.</summary>
public interface IAuditLog
{
    /// <summary>Records the events in one transaction.</summary>
    Task RecordAsync(IReadOnlyList<AuditEvent> entries, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <returns>How many events older than <paramref name="before"/> were removed.</returns>
    Task<int> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>Every event, oldest first (for migration to another store).</summary>
    IAsyncEnumerable<AuditEvent> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records the events that are not here yet (an event with the same time and fields counts as here), in one transaction,
    /// so a migration that is run again adds nothing twice. Returns how many were new.
    /// </summary>
    Task<int> ImportAsync(IReadOnlyList<AuditEvent> entries, CancellationToken cancellationToken);
}

/// <summary>Filters for listing; null means any.</summary>
public sealed record AuditQuery(DateTimeOffset? Since = null, string? User = null, string? Repository = null, string? Action = null,
    int Limit = 1000);
