using System.Net.Http.Headers;
using System.Text;
using Appliance.Testing;

namespace Appliance.Console.Tests;

/// <summary>The registry the browser tests drive: TLS and authentication on, the init user's password known.</summary>
public static class ConsoleServer
{
    public const string InitPassword = "init-password-for-console";

    public static Task<RegistryServer> StartAsync(params string[] settings) =>
        RegistryServer.StartAsync(["--tls:enabled", "true", "--auth:enabled", "true", "--auth:initPassword", InitPassword, "--auth:bcryptCost", "10", .. settings]);

    /// <summary>A registry API client that pushes as the init user.</summary>
    public static RegistryHttpClient AdminClient(RegistryServer server)
    {
        var registry = server.CreateRegistryClient();
        registry.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"init:{InitPassword}")));
        return registry;
    }
}
