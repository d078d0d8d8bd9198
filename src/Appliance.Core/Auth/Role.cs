namespace Appliance.Core.Auth;

/// <summary>What a user may do. <see cref="Pull"/> is the account to put into a cluster's pull secret.</summary>
public enum Role
{
    Pull,
    Push,
    Admin,
}
