using System.Net;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests;

public sealed class VerifyTests : IAsyncLifetime
{
    private RegistryServer _server = null!;
    private RegistryHttpClient _client = null!;
    private readonly TestImage _image = TestImages.Image(2, 8192, 20);
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await RegistryServer.StartAsync();
        _client = _server.CreateRegistryClient();
        await _client.PushImageAsync("app", "v1", _image);
    }

    [Fact]
    public async Task A_healthy_store_verifies_clean()
    {
        var result = await RegistryCli.RunAsync(_server.DataDirectory, "verify");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"checked {_image.Blobs.Count()} blobs: clean", result.StandardOutput);
    }

    [Fact]
    public async Task A_flipped_byte_is_found_and_repair_quarantines_the_blob()
    {
        var layer = _image.Layers[0];
        var path = BlobPath(layer);
        var bytes = await File.ReadAllBytesAsync(path, Cancel);
        bytes[100] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes, Cancel);

        var found = await RegistryCli.RunAsync(_server.DataDirectory, "verify");
        Assert.Equal(1, found.ExitCode);
        Assert.Contains($"corrupt: {layer.Digest}", found.StandardOutput);

        var repaired = await RegistryCli.RunAsync(_server.DataDirectory, "verify", "--repair");
        Assert.Equal(0, repaired.ExitCode);
        Assert.True(File.Exists(Path.Combine(_server.DataDirectory, "quarantine", $"sha256-{layer.Digest[7..]}")));
        using var response = await _client.Http.GetAsync($"/v2/app/blobs/{layer.Digest}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("BLOB_UNKNOWN", await response.Content.ReadAsStringAsync(Cancel));

        // The client pushes the blob again and the image is whole once more.
        await _client.PushBlobAsync("app", layer);
        Assert.Equal(layer.Content, await _client.Http.GetByteArrayAsync($"/v2/app/blobs/{layer.Digest}", Cancel));
        await RegistryCli.AssertVerifiesCleanAsync(_server.DataDirectory);
    }

    [Fact]
    public async Task An_orphan_file_is_reported_and_removed_by_repair()
    {
        var orphan = TestImages.Layer(1024, 21);
        var path = BlobPath(orphan);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, orphan.Content, Cancel);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-1));

        var found = await RegistryCli.RunAsync(_server.DataDirectory, "verify");
        Assert.Contains($"orphan file: {orphan.Digest}", found.StandardOutput);
        await RegistryCli.RunAsync(_server.DataDirectory, "verify", "--repair");
        Assert.False(File.Exists(path));
        await RegistryCli.AssertVerifiesCleanAsync(_server.DataDirectory);
    }

    [Fact]
    public async Task A_sample_checks_only_that_many_blobs()
    {
        var result = await RegistryCli.RunAsync(_server.DataDirectory, "verify", "--sample", "1");
        Assert.Contains("checked 1 blobs: clean", result.StandardOutput);
    }

    private string BlobPath(TestBlob blob) => Path.Combine(_server.DataDirectory, "blobs", "sha256", blob.Digest[7..9], blob.Digest[7..]);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }
}
