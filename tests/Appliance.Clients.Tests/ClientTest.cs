using Appliance.Testing;

namespace Appliance.Clients.Tests;

/// <summary>A fresh plain-HTTP registry and a scratch directory per test; clients are told not to verify TLS.</summary>
public abstract class ClientTest : IAsyncLifetime
{
    protected RegistryServer Server { get; private set; } = null!;
    protected RegistryHttpClient Registry { get; private set; } = null!;
    protected TestDirectory Work { get; } = new("appliance-clients");
    protected string Host => Server.Authority;
    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Server = await RegistryServer.StartAsync();
        Registry = Server.CreateRegistryClient();
    }

    public virtual async ValueTask DisposeAsync()
    {
        Registry.Dispose();
        await Server.DisposeAsync();
        Work.Dispose();
    }

    protected string Layout(TestImage image, string tag = "v1")
    {
        var directory = Work.Combine($"layout-{Guid.NewGuid():N}");
        OciLayout.Write(directory, tag, image);
        return directory;
    }

    protected string Layout(TestIndex index, string tag = "v1")
    {
        var directory = Work.Combine($"layout-{Guid.NewGuid():N}");
        OciLayout.Write(directory, tag, index);
        return directory;
    }

    protected static async Task<ProcessResult> RunAsync(string tool, params string[] arguments)
    {
        Assert.True(ProcessRunner.IsInstalled(tool), $"{tool} is not installed; ./build.sh test installs it when run as root");
        return (await ProcessRunner.RunAsync(tool, arguments)).EnsureSuccess($"{tool} {string.Join(' ', arguments)}");
    }

    protected static Task<ProcessResult> SkopeoAsync(params string[] arguments) => RunAsync("skopeo", arguments);

    /// <summary>The exact manifest bytes the registry serves, as skopeo sees them.</summary>
    protected async Task<string> RawAsync(string reference) =>
        (await SkopeoAsync("inspect", "--raw", "--tls-verify=false", $"docker://{Host}/{reference}")).StandardOutput;

    protected static string Text(TestBlob blob) => System.Text.Encoding.UTF8.GetString(blob.Content);
}
