using Appliance.Registry.Configuration;
using Appliance.Registry.Hosting;

namespace Appliance.Registry.Cli;

/// <summary>
/// The tokens the commands that take settings pass on to the configuration: <c>--section:key value</c>,
/// <c>--section:key=value</c> and the short flags. Anything else is a mistake to report, never a reason to start a
/// server or open a data directory.
/// </summary>
public static class SettingArguments
{
    /// <returns>The tokens that are settings (with their values), those that are not, and the values of the latter.</returns>
    public static (List<string> Settings, List<string> Unknown, List<string> UnknownValues) Split(IReadOnlyList<string> tokens)
    {
        var settings = new List<string>();
        var unknown = new List<string>();
        var unknownValues = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var name = token.StartsWith("--", StringComparison.Ordinal) ? token[2..].Split('=', 2)[0] : null;
            if (name is null || !(SettingNames.IsSetting(name) || RegistryHost.ShortFlags.Contains(token.Split('=', 2)[0])))
            {
                unknown.Add(token);
                // The value of a misspelt setting is no command of its own.
                if (name is not null && !token.Contains('=') && i + 1 < tokens.Count && !tokens[i + 1].StartsWith('-')) unknownValues.Add(tokens[++i]);
                continue;
            }
            settings.Add(token);
            if (!token.Contains('=') && i + 1 < tokens.Count) settings.Add(tokens[++i]);
        }
        return (settings, unknown, unknownValues);
    }

    /// <summary>
    /// The settings (with their values) taken out of the command line before it is parsed, and the rest. Left in, a
    /// setting's value is a bare word the parser would give to a command's optional argument (<c>quota set --default
    /// --metadata:driver postgres</c> read "postgres" as the namespace, and lost the setting).
    /// </summary>
    public static (string[] Settings, string[] Others) Extract(IReadOnlyList<string> args)
    {
        var settings = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            var name = token.StartsWith("--", StringComparison.Ordinal) ? token[2..].Split('=', 2)[0] : null;
            // Only section:key settings: the short flags (--data, --config, ...) are options of the commands too.
            if (name is not null && SettingNames.IsSetting(name))
            {
                settings.Add(token);
                if (!token.Contains('=') && i + 1 < args.Count) settings.Add(args[++i]);
            }
            else
            {
                rest.Add(token);
            }
        }
        return ([.. settings], [.. rest]);
    }
}
