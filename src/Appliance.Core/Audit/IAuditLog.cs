namespace Appliance.Core.Audit;

/// <summary>Where audit events are kept, newest first when listed.</summary>
public interface IAuditLog
{
    /// <summary>Records the events in one transaction.</summary>
    Task RecordAsync(IReadOnlyList<AuditEvent> entries, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEvent>> ListAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <returns>How many events older than <paramref name="before"/> were removed.</returns>
    Task<int> DeleteBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>Filters for listing; null means any.</summary>
public sealed record AuditQuery(DateTimeOffset? Since = null, string? User = null, string? Repository = null, string? Action = null,
    int Limit = 1000);
