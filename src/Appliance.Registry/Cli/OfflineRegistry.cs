using System.CommandLine;
using Appliance.Registry.Hosting;

namespace Appliance.Registry.Cli;

/// <summary>
/// The registry's services over its data directory without serving HTTP, for maintenance commands.
/// Opening it applies schema migrations and creates the init user, exactly as a first start would.
/// </summary>
public static class OfflineRegistry
{
    public static Task<WebApplication> OpenAsync(string[] hostArguments, CancellationToken cancellationToken) =>
        RegistryHost.BuildAsync(hostArguments, cancellationToken: cancellationToken);

    /// <summary>
    /// Runs a command's <paramref name="action"/> on the registry's services; a refusal (an unknown name, an invalid value)
    /// is printed as "<paramref name="command"/>: message" and exits with 1.
    /// </summary>
    public static async Task<int> RunAsync(string command, CommonOptions common, ParseResult parse, CancellationToken cancellationToken,
        Func<IServiceProvider, Task> action)
    {
        await using var registry = await OpenAsync(common.HostArguments(parse), cancellationToken);
        try
        {
            await action(registry.Services);
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return 1;
        }
    }
}
