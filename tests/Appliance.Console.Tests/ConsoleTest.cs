using Appliance.Testing;

namespace Appliance.Console.Tests;

/// <summary>
/// The life of one browser test: the console's registry (<see cref="ConsoleServer"/>, with the settings and content the test
/// class adds) and a headless Chromium on it, both stopped after the test with whatever the class started beside them.
/// </summary>
public abstract class ConsoleTest : IAsyncLifetime
{
    protected const string InitPassword = ConsoleServer.InitPassword;

    protected RegistryServer Server { get; private set; } = null!;
    protected ConsoleBrowser Browser { get; private set; } = null!;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Starts what the registry needs beside it (an upstream, files) and returns the settings that point it there.</summary>
    protected virtual Task<string[]> PrepareAsync() => Task.FromResult<string[]>([]);

    /// <summary>Fills the started registry (images, users, quotas) before the browser opens it.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    /// <summary>Stops what <see cref="PrepareAsync"/> started, after the registry has stopped.</summary>
    protected virtual ValueTask StopPreparedAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        ConsoleBrowser.SkipUnlessInstalled();
        Server = await ConsoleServer.StartAsync(await PrepareAsync());
        await SeedAsync();
        Browser = new ConsoleBrowser(Server);
    }

    public async ValueTask DisposeAsync()
    {
        Browser?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        await StopPreparedAsync();
        GC.SuppressFinalize(this);
    }
}
