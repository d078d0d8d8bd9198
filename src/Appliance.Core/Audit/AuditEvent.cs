namespace Appliance.Core.Audit;

/// <summary>
/// One thing that changed the registry or tried to get in. Never holds a password, token or key: only names, the
/// client address, the repository and digest acted on, and a short description.
/// </summary>
/// <param name="User">Who did it (null: anonymous or the registry itself, e.g. a scheduled collection).</param>
public sealed record AuditEvent(DateTimeOffset Time, string Action, string? User, string? ClientAddress, string? Repository,
    string? Digest, string? Detail);
