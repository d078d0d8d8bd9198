using System.Net;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests;

/// <summary>The data directory on a 24 MiB tmpfs mounted by the test (root only), filled until uploads are refused.</summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly TestDirectory _mount = new("appliance-full");
    private bool _mounted;

    public async ValueTask InitializeAsync()
    {
        if (Environment.UserName != "root") return;
        var mount = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", _mount.Path]);
        _mounted = mount.ExitCode == 0;
    }

    /// <param name="reservePercent">10 (6.4 MiB, more than SQLite's write-ahead log grows to between checkpoints, which the reserve does not count) with small blobs: the reserve refuses uploads first; 0: the write itself hits ENOSPC.</param>
    [Theory]
    [InlineData("10", 256 * 1024, "below its reserve")]
    [InlineData("0", 2 * 1024 * 1024, "ran out of disk space")]
    public async Task Uploads_are_refused_cleanly_when_the_disk_fills_while_pulls_keep_working(string reservePercent, int blobSize, string reason)
    {
        if (!_mounted) Assert.Skip("needs root to mount a small tmpfs for the data directory");
        var cancel = TestContext.Current.CancellationToken;
        await using (var server = await RegistryServer.StartOnAsync(_mount.Path, "--registry:reservePercent", reservePercent))
        {
            using var client = server.CreateRegistryClient();
            var first = TestImages.Image(1, 1024 * 1024, 30);
            await client.PushImageAsync("app", "v1", first);

            var refusals = 0;
            for (var i = 0; i < 400 && refusals == 0; i++)
            {
                var layer = new TestBlob(Random(blobSize, 100 + i), "application/octet-stream");
                using var response = await client.Http.PostAsync($"/v2/app/blobs/uploads/?digest={layer.Digest}", new ByteArrayContent(layer.Content), cancel);
                if (response.StatusCode == HttpStatusCode.Created) continue;
                Assert.Equal((HttpStatusCode)507, response.StatusCode);
                var refusal = await response.Content.ReadAsStringAsync(cancel);
                Assert.True(refusal.Contains(reason, StringComparison.Ordinal), $"expected '{reason}' in {refusal}");
                refusals++;
            }
            Assert.Equal(1, refusals);

            Assert.Equal(first.Manifest.Content, await client.Http.GetByteArrayAsync("/v2/app/manifests/v1", cancel));
            foreach (var blob in first.Blobs) Assert.Equal(blob.Content, await client.Http.GetByteArrayAsync($"/v2/app/blobs/{blob.Digest}", cancel));
            Assert.Empty(Directory.GetFiles(Path.Combine(_mount.Path, "uploads")));
        }
        await RegistryCli.AssertVerifiesCleanAsync(_mount.Path);
    }

    private static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async ValueTask DisposeAsync()
    {
        if (_mounted) await ProcessRunner.RunAsync("umount", [_mount.Path]);
        _mount.Dispose();
    }
}
