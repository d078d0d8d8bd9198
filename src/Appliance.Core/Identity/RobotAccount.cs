using Appliance.Core.Auth;

namespace Appliance.Core.Identity;

/// <summary>
/// A robot account, named <c>namespace+name</c> as Quay names them (so pull secrets keep their form when a site moves
/// over) and owned by that namespace: its admins manage it. Its secret is stored only as <see cref="SecretHash"/>; after a
/// rotation the previous secret stays valid until <see cref="PreviousSecretValidUntil"/>. <see cref="Role"/> is a global
/// role only a registry admin can give. Robots never log in to the console.
/// </summary>
public sealed record RobotAccount(
    string Name,
    string Description,
    string SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null,
    Role? Role = null,
    string? PreviousSecretHash = null,
    DateTimeOffset? PreviousSecretValidUntil = null,
    DateTimeOffset? LastUsed = null)
{
    public const char Separator = '+';

    /// <summary>The namespace that owns the robot: the part of its name before '+'.</summary>
    public string Namespace => Name[..Name.IndexOf(Separator)];

    public static bool IsRobotName(string name) => name.IndexOf(Separator) > 0;

    /// <summary>The hash only: a record would otherwise print it wherever it is logged or formatted.</summary>
    public override string ToString() => $"robot {Name}";
}
