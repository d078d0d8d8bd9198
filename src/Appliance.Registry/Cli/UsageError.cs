using System.CommandLine;

namespace Appliance.Registry.Cli;

/// <summary>
/// A misspelt command or option: the command line is parsed again strictly, without the tokens that are settings, so
/// that System.CommandLine names each unknown token with its "did you mean" suggestions and the usage. Exit code 2,
/// and nothing is started, created or changed.
/// </summary>
public static class UsageError
{
    public const int ExitCode = 2;

    public static int Report(string[] args, ParseResult lenient)
    {
        var remaining = args.ToList();
        var (settings, _, unknownValues) = SettingArguments.Split(lenient.UnmatchedTokens);
        foreach (var token in settings.Concat(unknownValues)) remaining.Remove(token);
        var root = RegistryCommandLine.Create(args);
        RegistryCommandLine.RejectUnmatchedTokens(root);
        var strict = root.Parse(remaining);
        strict.Invoke(new() { Output = Console.Error });
        return ExitCode;
    }
}
