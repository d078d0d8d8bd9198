using System.Net;
using Appliance.Registry.Api;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

public sealed class NameAndRouteTests : RegistryTest
{
    [Theory]
    [InlineData("/v2/UPPER/tags/list")]
    [InlineData("/v2/a%2F..%2Fb/tags/list")]
    [InlineData("/v2/-bad/manifests/latest")]
    [InlineData("/v2/a//b/manifests/latest")]
    public async Task Reading_names_outside_the_grammar_is_name_unknown(string path)
    {
        using var response = await Http.GetAsync(path, Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Theory]
    [InlineData("/v2/UPPER/blobs/uploads/")]
    [InlineData("/v2/-bad/blobs/uploads/")]
    public async Task Writing_to_names_outside_the_grammar_is_name_invalid(string path)
    {
        using var response = await Http.PostAsync(path, null, Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Theory]
    [InlineData("/v2/../../etc/passwd/tags/list")]
    [InlineData("/v2/a/%2e%2e/%2e%2e/%2e%2e/blobs/sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("/v2/a/..%2f..%2fregistry.db/tags/list")]
    [InlineData("/v2/%00/tags/list")]
    public async Task Traversal_attempts_sent_raw_get_an_oci_error_and_nothing_else(string rawPath)
    {
        // HttpClient would normalize these paths, so the request line is written by hand.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(Server.BaseAddress.Host, Server.BaseAddress.Port, Cancel);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET {rawPath} HTTP/1.1\r\nHost: registry\r\nConnection: close\r\n\r\n"), Cancel);
        var response = await new StreamReader(stream).ReadToEndAsync(Cancel);
        var status = int.Parse(response.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(status is 400 or 404, response);
        Assert.DoesNotContain("root:", response);
        Assert.DoesNotContain("SQLite format", response);
    }

    [Fact]
    public async Task Six_component_names_and_names_containing_resource_words_work()
    {
        var image = TestImages.Image(1, 64, 2);
        foreach (var repository in new[] { "a/b/c/d/e/f", "x/blobs/manifests/tags" })
        {
            await Registry.PushImageAsync(repository, "v1", image);
            using var get = await Http.GetAsync($"/v2/{repository}/manifests/v1", Cancel);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Contains("v1", await Http.GetStringAsync($"/v2/{repository}/tags/list", Cancel));
        }
    }

    [Theory]
    [InlineData("library/busybox/manifests/latest", RegistryResource.Manifest, "library/busybox", "latest")]
    [InlineData("a/b/c/blobs/sha256:00", RegistryResource.Blob, "a/b/c", "sha256:00")]
    [InlineData("a/blobs/uploads/", RegistryResource.UploadStart, "a", null)]
    [InlineData("a/blobs/uploads", RegistryResource.UploadStart, "a", null)]
    [InlineData("a/blobs/uploads/abc", RegistryResource.Upload, "a", "abc")]
    [InlineData("blobs/blobs/blobs/x", RegistryResource.Blob, "blobs/blobs", "x")]
    [InlineData("a/tags/list", RegistryResource.Tags, "a", null)]
    [InlineData("a/referrers/sha256:00", RegistryResource.Referrers, "a", "sha256:00")]
    public void Routes_are_read_from_the_end_of_the_path(string path, RegistryResource resource, string name, string? argument)
    {
        Assert.Equal(new RegistryRoute(resource, name, argument), RegistryRoute.Parse(path));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a/unknown/thing")]
    public void Other_paths_are_not_routes(string path)
    {
        Assert.Null(RegistryRoute.Parse(path));
    }
}
