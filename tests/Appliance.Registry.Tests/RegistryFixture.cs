using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>A fresh registry per test class instance: tests never share state.</summary>
public abstract class RegistryTest : IAsyncLifetime
{
    protected RegistryServer Server { get; private set; } = null!;
    protected RegistryHttpClient Registry { get; private set; } = null!;
    protected HttpClient Http => Registry.Http;

    protected virtual string[] ServerArgs => [];

    /// <summary>The registry as installed: HTTPS with its generated CA, and token auth for the init user.</summary>
    protected static string[] TlsAndAuth(string initPassword) =>
        ["--tls:enabled", "true", "--auth:enabled", "true", "--auth:initPassword", initPassword, "--auth:bcryptCost", "11"];

    public virtual async ValueTask InitializeAsync()
    {
        Server = await RegistryServer.StartAsync(ServerArgs);
        Registry = Server.CreateRegistryClient();
    }

    public virtual async ValueTask DisposeAsync()
    {
        Registry.Dispose();
        await Server.DisposeAsync();
    }

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;
}
