namespace Appliance.Core.Identity;

/// <summary>Who a grant is for. <see cref="Anonymous"/> grants (name "") let callers without credentials pull.</summary>
public enum PrincipalKind
{
    User,
    Group,
    Robot,
    Anonymous,
}
