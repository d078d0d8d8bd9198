using Appliance.Testing;

namespace Appliance.Clients.Tests;

public sealed class PodmanTests : ClientTest
{
    private readonly ContainerStorage _storage = new();

    [Fact]
    public async Task Push_remove_and_pull_back_the_same_image()
    {
        var image = TestImages.Image(2, 8192, 70);
        await PodmanAsync("pull", $"oci:{Layout(image)}:v1");
        var id = (await PodmanAsync("images", "-q")).StandardOutput.Trim();
        await PodmanAsync("push", "--tls-verify=false", id, $"{Host}/podman/app:v1");
        await PodmanAsync("rmi", "-a", "-f");
        await PodmanAsync("pull", "--tls-verify=false", $"{Host}/podman/app:v1");

        var inspected = (await PodmanAsync("image", "inspect", "--format", "{{.Id}}", $"{Host}/podman/app:v1")).StandardOutput.Trim();
        Assert.Equal(id, inspected[..id.Length]);
    }

    [Fact]
    public async Task Login_succeeds_against_the_version_check()
    {
        var result = await PodmanAsync("login", "--tls-verify=false", "--authfile", Work.Combine("auth.json"), "-u", "someone", "-p", "anything", Host);
        Assert.Contains("Login Succeeded", result.StandardOutput);
    }

    [Fact]
    public async Task Search_lists_repositories_from_the_catalog()
    {
        await Registry.PushImageAsync("searchable/app", "v1", TestImages.Image(1, 512, 71));
        var result = await PodmanAsync("search", "--tls-verify=false", $"{Host}/");
        Assert.Contains($"{Host}/searchable/app", result.StandardOutput);
    }

    private Task<ProcessResult> PodmanAsync(params string[] arguments) => RunAsync("podman", [.. _storage.Options, .. arguments]);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _storage.Dispose();
    }
}
