using System.CommandLine;

namespace Appliance.Registry.Cli;

/// <summary>Options every command accepts to find the registry's data and config.</summary>
/// <param name="settings">The command line's settings, which <see cref="SettingArguments.Extract"/> took out before parsing.</param>
public sealed class CommonOptions(IReadOnlyList<string> settings)
{
    public Option<string?> Data { get; } = new("--data") { Description = "data directory of the registry", Recursive = true };
    public Option<string?> Config { get; } = new("--config") { Description = "YAML config file", Recursive = true };

    /// <summary>The settings a maintenance command passes to the registry host it opens.</summary>
    public string[] HostArguments(ParseResult parse)
    {
        var arguments = new List<string> { "--server:logLevel", "Warning" };
        if (parse.GetValue(Data) is { } data) arguments.AddRange(["--data", data]);
        if (parse.GetValue(Config) is { } config) arguments.AddRange(["--config", config]);
        // Commands that allow it take any "--section:key value" setting, as the server does (taken out of the command line
        // before it was parsed), and the short flags the parser left unmatched.
        arguments.AddRange(settings);
        arguments.AddRange(parse.UnmatchedTokens);
        return [.. arguments];
    }
}
