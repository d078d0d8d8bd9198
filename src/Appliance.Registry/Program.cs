using Appliance.Registry.Cli;

try
{
    return await RegistryCommandLine.Create(args).Parse(args).InvokeAsync(new() { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is FormatException or FileNotFoundException or InvalidDataException or IOException)
{
    // Configuration and start-up problems are the operator's to fix: say what, not a stack trace.
    Console.Error.WriteLine($"appliance-registry: {e.Message}");
    return 2;
}
