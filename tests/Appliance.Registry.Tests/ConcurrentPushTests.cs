using Appliance.Testing;

namespace Appliance.Registry.Tests;

public sealed class ConcurrentPushTests : RegistryTest
{
    [Fact]
    public async Task Sixteen_pushers_sharing_layers_all_pull_back_byte_identical()
    {
        var shared = new[] { TestImages.Layer(256 * 1024, 1), TestImages.Layer(128 * 1024, 2) };
        var images = Enumerable.Range(0, 16).Select(i => TestImages.Image(2, 32 * 1024, 100 + i, sharedLayers: shared)).ToArray();

        // Every pusher uses its own connection pool, as separate client processes would.
        await Task.WhenAll(images.Select(async (image, i) =>
        {
            using var client = Server.CreateRegistryClient();
            await client.PushImageAsync($"team{i % 4}/app{i}", "v1", image);
        }));

        for (var i = 0; i < images.Length; i++)
        {
            var repository = $"team{i % 4}/app{i}";
            Assert.Equal(images[i].Manifest.Content, await Http.GetByteArrayAsync($"/v2/{repository}/manifests/v1", Cancel));
            foreach (var blob in images[i].Blobs)
            {
                Assert.Equal(blob.Content, await Http.GetByteArrayAsync($"/v2/{repository}/blobs/{blob.Digest}", Cancel));
            }
        }
    }
}
