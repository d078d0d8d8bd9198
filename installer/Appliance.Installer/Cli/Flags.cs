using System.CommandLine;
using System.Text;

namespace Appliance.Installer.Cli;

/// <summary>
/// Options spelled as mirror-registry spells them (<c>--targetHostname</c>), each with a kebab-case alias
/// (<c>--target-hostname</c>) for people used to that style.
/// </summary>
public static class Flags
{
    public static Option<T> Create<T>(string name, string description, params string[] aliases)
    {
        var kebab = Kebab(name);
        var all = kebab == name ? aliases : [.. aliases, kebab];
        return new Option<T>(name, all) { Description = description };
    }

    public static string Kebab(string name)
    {
        var kebab = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c)) kebab.Append('-').Append(char.ToLowerInvariant(c));
            else kebab.Append(c);
        }
        return kebab.ToString();
    }
}
