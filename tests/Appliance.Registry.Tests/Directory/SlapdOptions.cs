using Appliance.Ldap;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>auth.ldap as a site would write it for the test server: service account, people and groups, its CA.</summary>
internal static class SlapdOptions
{
    public static LdapOptions For(SlapdServer server, string url, string nestedGroups = LdapOptions.Recursive) => new()
    {
        Url = url,
        CaFile = server.CaFile,
        BindDn = SlapdDirectory.ServiceDn,
        BindPasswordFile = server.ServicePasswordFile,
        UserBase = SlapdDirectory.PeopleDn,
        GroupBase = SlapdDirectory.GroupsDn,
        NestedGroups = nestedGroups,
        GroupRoles = new(StringComparer.OrdinalIgnoreCase) { ["developers"] = "push", ["readers"] = "pull", ["monitoring"] = "metrics" },
        SuperuserGroup = "registry-admins",
        MembershipCacheTtl = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        QueryTimeout = TimeSpan.FromSeconds(5),
    };
}
