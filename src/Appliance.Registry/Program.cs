using Appliance.Core.GarbageCollection;
using Appliance.Registry.Cli;

try
{
    var rest = SettingArguments.Extract(args).Others;
    var parse = RegistryCommandLine.Create(args).Parse(rest);
    if (parse.Errors.Count > 0 || SettingArguments.Split(parse.UnmatchedTokens).Unknown.Count > 0) return UsageError.Report(rest, parse);
    return await parse.InvokeAsync(new() { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is FormatException or FileNotFoundException or InvalidDataException or IOException or GarbageCollectionBusyException)
{
    // Configuration and start-up problems are the operator's to fix: say what, not a stack trace.
    Console.Error.WriteLine($"appliance-registry: {e.Message}");
    return 2;
}
