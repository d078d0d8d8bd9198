using Appliance.Installer.Cli;

var root = InstallerCommandLine.Create();
var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"mirror-registry: {error.Message}");
    foreach (var token in parse.UnmatchedTokens)
    {
        if (UnknownOptionHint.For(parse, token) is { } suggestion) Console.Error.WriteLine($"mirror-registry: did you mean {suggestion}?");
    }
    Console.Error.WriteLine("mirror-registry: see 'mirror-registry --help'");
    return 2;
}
return await parse.InvokeAsync(new() { EnableDefaultExceptionHandler = false });
