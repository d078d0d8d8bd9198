using Appliance.Core.Auth;
using Appliance.Core.Tls;

namespace Appliance.Ldap;

/// <summary>The checks of <c>auth.ldap</c> at start-up: one line per problem, naming the setting, empty when all is well.</summary>
public static class LdapOptionsValidation
{
    private const string Prefix = "auth.ldap.";

    public static IReadOnlyList<string> Validate(LdapOptions options)
    {
        var errors = new List<string>();
        void Error(string setting, string problem) => errors.Add(Prefix + setting + ": " + problem);

        if (LdapServerAddress.TryParse(options.Url, out var problem) is not { } server) Error("url", problem);
        else if (!server.Ldaps && !options.StartTls && !server.IsLoopback)
        {
            Error("startTls", $"{server.Url} would carry passwords in clear text; use ldaps:// or startTls: true (only a loopback host may go without)");
        }
        if (options.CaFile is { Length: > 0 } caFile && CaFileCheck.Problem(caFile) is { } caProblem) Error("caFile", caProblem);
        if (options.BindDn is { Length: > 0 })
        {
            if (string.IsNullOrWhiteSpace(options.BindPasswordFile)) Error("bindPasswordFile", "is required with bindDn (a bind without a password is anonymous)");
            else if (!File.Exists(options.BindPasswordFile)) Error("bindPasswordFile", $"{options.BindPasswordFile} does not exist");
            else if (File.ReadAllText(options.BindPasswordFile).Trim().Length == 0) Error("bindPasswordFile", $"{options.BindPasswordFile} is empty");
        }
        else if (!string.IsNullOrWhiteSpace(options.BindPasswordFile)) Error("bindDn", "is required with bindPasswordFile");
        if (string.IsNullOrWhiteSpace(options.UserBase)) Error("userBase", "is required (where users are searched, e.g. ou=people,dc=example,dc=com)");
        CheckFilter(options.UserFilter, "userFilter", "(uid={0})", Error);
        if (string.IsNullOrWhiteSpace(options.UserNameAttribute)) Error("userNameAttribute", "is required (uid, or sAMAccountName for Active Directory)");
        if (!string.IsNullOrWhiteSpace(options.GroupBase))
        {
            CheckFilter(options.GroupFilter, "groupFilter", "(member={0})", Error);
            if (string.IsNullOrWhiteSpace(options.GroupNameAttribute)) Error("groupNameAttribute", "is required (cn)");
        }
        if (options.NestedGroups is not (LdapOptions.NoNesting or LdapOptions.AdChain or LdapOptions.Recursive))
        {
            Error("nestedGroups", $"'{options.NestedGroups}' is not one of {LdapOptions.NoNesting}, {LdapOptions.AdChain}, {LdapOptions.Recursive}");
        }
        else if (options.NestedGroups == LdapOptions.AdChain && LdapFilter.InChain(options.GroupFilter) == options.GroupFilter)
        {
            Error("groupFilter", $"{LdapOptions.AdChain} needs an assertion like (member={{0}}) in it, which it makes in-chain");
        }
        if (options.NestedGroups == LdapOptions.Recursive && options.NestingDepth is < 1 or > 20) Error("nestingDepth", $"{options.NestingDepth} is not between 1 and 20");
        foreach (var (group, role) in options.GroupRoles)
        {
            if (!Enum.TryParse<Role>(role, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(role, out _))
            {
                Error($"groupRoles.{group}", $"'{role}' is not a role (admin, push, pull or metrics)");
            }
        }
        if (options.MembershipCacheTtl < TimeSpan.Zero) Error("membershipCacheTtl", "must not be negative");
        if (options.ConnectTimeout <= TimeSpan.Zero) Error("connectTimeout", "must be more than 0");
        if (options.QueryTimeout <= TimeSpan.Zero) Error("queryTimeout", "must be more than 0");
        return errors;
    }

    private static void CheckFilter(string filter, string setting, string example, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(filter) || !filter.Contains(LdapFilter.Placeholder, StringComparison.Ordinal) || !filter.StartsWith('(') || !filter.EndsWith(')'))
        {
            error(setting, $"'{filter}' is not a filter with {LdapFilter.Placeholder} in it, e.g. {example}");
        }
    }
}
