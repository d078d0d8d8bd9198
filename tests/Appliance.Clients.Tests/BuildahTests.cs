using Appliance.Testing;

namespace Appliance.Clients.Tests;

public sealed class BuildahTests : ClientTest
{
    private readonly ContainerStorage _storage = new();

    [Fact]
    public async Task Push_of_a_local_image_is_pullable_with_skopeo()
    {
        var image = TestImages.Image(1, 8192, 80);
        await BuildahAsync("pull", $"oci:{Layout(image)}:v1");
        var id = (await BuildahAsync("images", "-q")).StandardOutput.Trim();
        await BuildahAsync("push", "--tls-verify=false", id, $"docker://{Host}/buildah/test:v1");

        // buildah recompresses layers when it pushes, so compare the uncompressed content: the config's diff_ids.
        var config = (await SkopeoAsync("inspect", "--config", "--tls-verify=false", $"docker://{Host}/buildah/test:v1")).StandardOutput;
        using var pushed = System.Text.Json.JsonDocument.Parse(config);
        using var original = System.Text.Json.JsonDocument.Parse(image.Config.Content);
        Assert.Equal(DiffIds(original), DiffIds(pushed));
    }

    private static string?[] DiffIds(System.Text.Json.JsonDocument config) =>
        config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(d => d.GetString()).ToArray();

    private Task<ProcessResult> BuildahAsync(params string[] arguments) => RunAsync("buildah", [.. _storage.Options, .. arguments]);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _storage.Dispose();
    }
}
