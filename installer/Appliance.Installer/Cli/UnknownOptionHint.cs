using System.CommandLine;

namespace Appliance.Installer.Cli;

/// <summary>Turns "unrecognized" parse errors into a suggestion of the closest real option.</summary>
public static class UnknownOptionHint
{
    public static string? For(ParseResult parse, string token)
    {
        if (!token.StartsWith('-')) return null;
        var names = parse.CommandResult.Command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct();
        var best = names.Select(name => (Name: name, Distance: Distance(token.ToLowerInvariant(), name.ToLowerInvariant())))
            .OrderBy(n => n.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(3, token.Length / 3) ? best.Name : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
