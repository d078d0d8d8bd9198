using Appliance.Registry.Hosting;

try
{
    await using var app = await RegistryHost.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is FormatException or FileNotFoundException or InvalidDataException or IOException)
{
    // Configuration and start-up problems are the operator's to fix: say what, not a stack trace.
    Console.Error.WriteLine($"appliance-registry: {e.Message}");
    return 2;
}
