using Appliance.Registry.Hosting;

namespace Appliance.Registry.Cli;

/// <summary>
/// The registry's services over its data directory without serving HTTP, for maintenance commands.
/// Opening it applies schema migrations and creates the init user, exactly as a first start would.
/// </summary>
public static class OfflineRegistry
{
    public static Task<WebApplication> OpenAsync(string[] hostArguments, CancellationToken cancellationToken) =>
        RegistryHost.BuildAsync(hostArguments, cancellationToken);
}
