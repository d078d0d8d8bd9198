using System.Net;
using System.Text.Json;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests;

/// <summary>A real registry per test, collected through <c>POST /admin/gc</c>, with its blob files looked at on disk.</summary>
public abstract class GarbageCollectionTest : IAsyncDisposable
{
    protected RegistryServer? Server { get; private set; }
    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected async Task<RegistryHttpClient> StartAsync(params string[] args)
    {
        Server = await RegistryServer.StartAsync(args);
        return Server.CreateRegistryClient();
    }

    protected static async Task<JsonElement> CollectAsync(RegistryHttpClient client, bool dryRun = false)
    {
        using var response = await client.Http.PostAsync($"/admin/gc?dryRun={dryRun.ToString().ToLowerInvariant()}", null, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    protected bool BlobFileExists(TestBlob blob) =>
        File.Exists(Path.Combine(Server!.DataDirectory, "blobs", "sha256", blob.Digest[7..9], blob.Digest[7..]));

    protected static async Task<HttpStatusCode> ManifestStatusAsync(RegistryHttpClient client, string repository, string digest)
    {
        using var response = await client.Http.GetAsync($"/v2/{repository}/manifests/{digest}", Cancel);
        return response.StatusCode;
    }

    /// <summary>Ages are kept in whole seconds; a zero grace period applies to what is at least a second old.</summary>
    protected static Task PassASecondAsync() => Task.Delay(TimeSpan.FromSeconds(1.1), Cancel);

    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
