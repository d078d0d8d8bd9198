namespace Appliance.Core.Auth;

/// <summary>
/// What a user may do. <see cref="Pull"/> is the account to put into a cluster's pull secret; <see cref="Metrics"/>
/// may only read <c>/metrics</c> (the account for Prometheus). <see cref="None"/> gives nothing everywhere: such a user may do
/// only what grants on namespaces give it (a team's account).
/// </summary>
public enum Role
{
    Pull,
    Push,
    Admin,
    Metrics,
    None,
}
