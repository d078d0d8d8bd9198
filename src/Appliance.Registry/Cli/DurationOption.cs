using System.CommandLine.Parsing;
using Appliance.Core.Configuration;

namespace Appliance.Registry.Cli;

/// <summary>Parses a duration option the way settings are parsed (<c>90s</c>, <c>7d</c>, <c>1.00:00:00</c>), naming the option when it does not.</summary>
public static class DurationOption
{
    public static TimeSpan? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Durations.TryParse(text, out var value)) return value;
        var option = (result.Parent as OptionResult)?.Option.Name ?? "the option";
        result.AddError($"{option}: '{text}' is not a duration; write for example {Durations.Examples}");
        return null;
    }
}
