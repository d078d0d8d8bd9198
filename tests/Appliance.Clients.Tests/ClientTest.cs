using Appliance.Testing;

namespace Appliance.Clients.Tests;

/// <summary>
/// A fresh registry and a scratch directory per test: plain HTTP without auth (clients are told not to verify TLS)
/// unless <see cref="ServerArgs"/> turns on TLS and token auth, as installed.
/// </summary>
public abstract class ClientTest : IAsyncLifetime
{
    protected const string InitPassword = "init-password-for-clients";

    /// <summary>HTTPS with the generated CA and token auth for the user <c>init</c>.</summary>
    protected static readonly string[] TlsAndTokenAuth =
        ["--tls:enabled", "true", "--auth:enabled", "true", "--auth:initPassword", InitPassword, "--auth:bcryptCost", "11"];

    protected RegistryServer Server { get; private set; } = null!;
    protected RegistryHttpClient Registry { get; private set; } = null!;
    protected TestDirectory Work { get; } = new("appliance-clients");
    protected string Host => Server.Authority;
    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected virtual string[] ServerArgs => [];

    public virtual async ValueTask InitializeAsync()
    {
        Server = await RegistryServer.StartAsync(ServerArgs);
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

    /// <summary>Daemons (dockerd, containerd) need root; everyone else gets a skip that says so.</summary>
    protected static void SkipUnlessRoot(string daemon)
    {
        if (!Environment.IsPrivilegedProcess) Assert.Skip($"the test starts a {daemon} of its own, which needs root: run the tests as root (./build.sh test then also installs it)");
    }

    protected static Task<ProcessResult> SkopeoAsync(params string[] arguments) => RunAsync("skopeo", arguments);

    /// <summary>The exact manifest bytes the registry serves, as skopeo sees them.</summary>
    protected async Task<string> RawAsync(string reference) =>
        (await SkopeoAsync("inspect", "--raw", "--tls-verify=false", $"docker://{Host}/{reference}")).StandardOutput;

    protected static string Text(TestBlob blob) => System.Text.Encoding.UTF8.GetString(blob.Content);
}
