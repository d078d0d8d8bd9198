using Appliance.Core.Auth;
using Appliance.Core.Identity;

namespace Appliance.Ldap;

/// <summary>
/// The directory logins are checked against; bound from <c>auth.ldap</c> (off while <see cref="Url"/> is empty).
/// Holds no secret: the service account's password is read from <see cref="BindPasswordFile"/> when the registry starts.
/// </summary>
public sealed class LdapOptions
{
    public const string Section = "auth:ldap";

    /// <summary>Groups are the ones whose filter matches the user's DN; groups in groups are not followed.</summary>
    public const string NoNesting = "none";

    /// <summary>Active Directory follows nesting on the server: the group filter's DN assertions use LDAP_MATCHING_RULE_IN_CHAIN.</summary>
    public const string AdChain = "ad-chain";

    /// <summary>The registry follows nesting itself, one search per level, at most <see cref="NestingDepth"/> levels (any server).</summary>
    public const string Recursive = "recursive";

    /// <summary><c>ldaps://host[:636]</c>, or <c>ldap://host[:389]</c>, which starts TLS before any bind unless the host is loopback.</summary>
    public string? Url { get; set; }

    /// <summary>On <c>ldap://</c>: start TLS before any bind. Only a loopback host may turn it off.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>The CA (PEM) that issued the server's certificate, when the system's trust store does not have it.</summary>
    public string? CaFile { get; set; }

    /// <summary>The service account that searches users and groups; empty for an anonymous search.</summary>
    public string? BindDn { get; set; }

    /// <summary>A file holding the service account's password (one line); required with <see cref="BindDn"/>.</summary>
    public string? BindPasswordFile { get; set; }

    /// <summary>Where users are searched (subtree), e.g. <c>ou=people,dc=example,dc=com</c>.</summary>
    public string? UserBase { get; set; }

    /// <summary>Finds the user by login name, <c>{0}</c> (escaped per RFC 4515); <c>(sAMAccountName={0})</c> for Active Directory.</summary>
    public string UserFilter { get; set; } = "(uid={0})";

    /// <summary>The attribute whose value becomes the user's name here (so <c>Alice</c> and <c>alice</c> are one user); <c>sAMAccountName</c> for AD.</summary>
    public string UserNameAttribute { get; set; } = "uid";

    /// <summary>Where groups are searched (subtree); empty: the user's groups are not read.</summary>
    public string? GroupBase { get; set; }

    /// <summary>Finds the groups a DN, <c>{0}</c> (escaped per RFC 4515), is a member of.</summary>
    public string GroupFilter { get; set; } = "(member={0})";

    /// <summary>The attribute whose value names a group here (in grants, <see cref="GroupRoles"/>, <see cref="SuperuserGroup"/>).</summary>
    public string GroupNameAttribute { get; set; } = "cn";

    /// <summary><see cref="NoNesting"/>, <see cref="AdChain"/> or <see cref="Recursive"/>.</summary>
    public string NestedGroups { get; set; } = NoNesting;

    /// <summary>How many levels of groups in groups <see cref="Recursive"/> follows (a cycle ends earlier).</summary>
    public int NestingDepth { get; set; } = 5;

    /// <summary>Group name -> global role (<c>admin</c>, <c>push</c>, <c>pull</c>, <c>metrics</c>); a member gets the highest.</summary>
    public Dictionary<string, string> GroupRoles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Members of this group are registry admins.</summary>
    public string? SuperuserGroup { get; set; }

    /// <summary>How long the groups read at a login are trusted; a change in the directory takes effect within it.</summary>
    public TimeSpan MembershipCacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>What the groups mean here, for <see cref="DirectoryLogin"/> (call after <see cref="LdapOptionsValidation.Validate"/>).</summary>
    public DirectoryLoginPolicy LoginPolicy() => new(
        GroupRoles.ToDictionary(pair => pair.Key, pair => Enum.Parse<Role>(pair.Value, ignoreCase: true), StringComparer.OrdinalIgnoreCase),
        string.IsNullOrWhiteSpace(SuperuserGroup) ? null : SuperuserGroup,
        MembershipCacheTtl);
}
