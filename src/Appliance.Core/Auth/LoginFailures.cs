namespace Appliance.Core.Auth;

/// <summary>Failed logins of one user from one client address since its last success, and when the last one happened.</summary>
public sealed record LoginFailures(int Count, DateTimeOffset LastFailureAt);
