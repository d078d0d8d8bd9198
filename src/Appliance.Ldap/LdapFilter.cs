using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Ldap;

/// <summary>
/// Search filters with a value put in: the value is escaped per RFC 4515 (section 3), so whatever a user types is
/// compared as text and never becomes filter syntax (<c>*)(uid=*))(|(uid=*</c> matches nobody).
/// </summary>
public static partial class LdapFilter
{
    public const string Placeholder = "{0}";

    /// <summary>Active Directory's LDAP_MATCHING_RULE_IN_CHAIN: a DN assertion that also matches through nested groups.</summary>
    public const string InChainRule = "1.2.840.113556.1.4.1941";

    [GeneratedRegex(@"\(([A-Za-z][A-Za-z0-9;-]*)=\{0\}\)", RegexOptions.CultureInvariant)]
    private static partial Regex DnAssertion();

    /// <summary><paramref name="template"/> with every <c>{0}</c> replaced by the escaped <paramref name="value"/>.</summary>
    public static string Format(string template, string value) => template.Replace(Placeholder, Escape(value), StringComparison.Ordinal);

    /// <summary>The template with each equality assertion on <c>{0}</c> (<c>(member={0})</c>) made an in-chain one.</summary>
    public static string InChain(string template) => DnAssertion().Replace(template, $"($1:{InChainRule}:={Placeholder})");

    /// <summary>'*', '(', ')', '\' and NUL as \XX: the characters RFC 4515 says a value must not hold as they are.</summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '*' or '(' or ')' or '\\' or '\0') escaped.Append('\\').Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else escaped.Append(c);
        }
        return escaped.ToString();
    }
}
