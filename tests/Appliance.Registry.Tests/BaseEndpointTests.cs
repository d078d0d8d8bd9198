using System.Net;

namespace Appliance.Registry.Tests;

public sealed class BaseEndpointTests : RegistryTest
{
    [Fact]
    public async Task Version_check_answers_200_with_the_api_version_header()
    {
        using var response = await Http.GetAsync("/v2/", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-API-Version").Single());
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Liveness_and_readiness_report_ok()
    {
        using var live = await Http.GetAsync("/health", Cancel);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await Http.GetAsync("/health/ready", Cancel);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("ready", await ready.Content.ReadAsStringAsync(Cancel));
    }

    // Removes the upload directory of the filesystem store; the S3 store's counterpart is S3RegistryTests' missing bucket.
    [Fact, Trait("Engines", "default-only")]
    public async Task Readiness_fails_when_storage_cannot_take_writes()
    {
        Directory.Delete(Path.Combine(Server.DataDirectory, "uploads"), recursive: true);
        using var ready = await Http.GetAsync("/health/ready", Cancel);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Unsupported_method_is_405_unsupported()
    {
        using var response = await Http.PostAsync("/v2/repo/manifests/latest", new StringContent("{}"), Cancel);
        await OciErrorAssert.HasErrorAsync(response, HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
    }
}
