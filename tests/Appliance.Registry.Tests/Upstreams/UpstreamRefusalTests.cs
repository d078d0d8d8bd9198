using System.Net;
using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Storage;
using Appliance.Registry.Auth;
using Appliance.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests.Upstreams;

/// <summary>
/// Upstreams that must not be trusted: wrong credentials, a certificate from a CA nobody configured, a registry that sends
/// content that is not what it claims. The pull is refused with the upstream named, and nothing is stored.
/// </summary>
public sealed class UpstreamRefusalTests : IAsyncLifetime
{
    private static readonly TestImage Genuine = TestImages.Image(1, 4096, 2630);
    /// <summary>The genuine manifest and one more space: still a valid manifest, another digest.</summary>
    private static readonly byte[] Forged = [.. Genuine.Manifest.Content, (byte)' '];

    private UpstreamSites _sites = null!;
    private WebApplication _hostile = null!;
    private RegistryServer _cache = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string HostileAuthority => new Uri(_hostile.Urls.First()).Authority;

    public async ValueTask InitializeAsync()
    {
        _sites = await UpstreamSites.StartAsync();
        _hostile = await StartHostileAsync();
        var wrongSecret = _sites.Directory.Combine("wrong-secret.json");
        await File.WriteAllTextAsync(wrongSecret, _sites.PullSecret(new BasicCredentials("puller", "not-the-password")), Cancel);
        _cache = await RegistryServer.StartAsync(
            "--upstreams:mappings:0", $"{_sites.Distribution.Authority}/lib=wrong",
            "--upstreams:mappings:1", $"{_sites.Registry.Authority}/lib=untrusted",
            "--upstreams:mappings:2", $"{HostileAuthority}/lib=hostile",
            "--upstreams:pullSecretFile", wrongSecret,
            "--upstreams:hosts:0:host", _sites.Distribution.Authority, "--upstreams:hosts:0:caFile", _sites.Distribution.CaFile,
            "--upstreams:hosts:1:host", HostileAuthority, "--upstreams:hosts:1:plainHttp", "true");
        using var pusher = _sites.Distribution.CreateClient();
        await pusher.PushImageAsync("lib/app", "v1", Genuine);
    }

    public async ValueTask DisposeAsync()
    {
        await _cache.DisposeAsync();
        await _hostile.DisposeAsync();
        await _sites.DisposeAsync();
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_naming_the_upstream_and_never_the_password()
    {
        var body = await RefusedManifestAsync("wrong/app", "v1");
        Assert.Contains($"upstream {_sites.Distribution.Authority} refused the credentials of puller", body);
        Assert.DoesNotContain("not-the-password", body);
        await AssertNothingStoredAsync("wrong/app");
    }

    [Fact]
    public async Task A_certificate_from_an_unconfigured_ca_is_refused_naming_the_upstream()
    {
        Assert.Contains($"upstream {_sites.Registry.Authority}: TLS failed", await RefusedManifestAsync("untrusted/app", "v1"));
        await AssertNothingStoredAsync("untrusted/app");
    }

    [Fact]
    public async Task Manifests_whose_digest_does_not_match_are_refused_by_tag_and_by_digest()
    {
        Assert.Contains($"upstream {HostileAuthority} sent manifest v1 of lib/app with digest", await RefusedManifestAsync("hostile/app", "v1"));
        Assert.Contains($"not {Genuine.Digest}: refused", await RefusedManifestAsync("hostile/app", Genuine.Digest));
        await AssertNothingStoredAsync("hostile/app");
    }

    [Fact]
    public async Task A_blob_whose_content_does_not_match_breaks_the_download_and_is_not_stored()
    {
        var layer = Genuine.Layers[0];
        using var http = _cache.CreateClient();
        var received = 0L;
        using var response = await http.GetAsync($"/v2/hostile/app/blobs/{layer.Digest}", HttpCompletionOption.ResponseHeadersRead, Cancel);
        // Answered before the download failed, the body breaks before its end; after, the answer is an error.
        if (response.IsSuccessStatusCode)
        {
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var body = await response.Content.ReadAsStreamAsync(Cancel);
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await body.ReadAsync(buffer, Cancel)) > 0) received += read;
            });
        }
        Assert.True(received < layer.Content.Length, "the client got every byte of content that is not the blob");
        await Task.Delay(200, Cancel);
        Assert.Null(await _cache.Services.GetRequiredService<IBlobStore>().FindAsync(Digest.Parse(layer.Digest), Cancel));
        Assert.Null(await _cache.Services.GetRequiredService<IBlobIndex>().GetLinkedSizeAsync(RepositoryName.Parse("hostile/app"), Digest.Parse(layer.Digest), Cancel));
    }

    private async Task<string> RefusedManifestAsync(string repository, string reference)
    {
        using var http = _cache.CreateClient();
        using var response = await http.GetAsync($"/v2/{repository}/manifests/{reference}", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{repository}:{reference} answered {response.StatusCode}: {body}");
        Assert.Contains("MANIFEST_UNKNOWN", body);
        return body;
    }

    private async Task AssertNothingStoredAsync(string repository)
    {
        var manifests = _cache.Services.GetRequiredService<IManifestIndex>();
        var name = RepositoryName.Parse(repository);
        Assert.Null(await manifests.FindByTagAsync(name, "v1", Cancel));
        Assert.Null(await manifests.FindByDigestAsync(name, Digest.Parse(Genuine.Digest), Cancel));
    }

    /// <summary>
    /// A registry that lies: its manifest of lib/app (by tag or by the genuine digest) is other bytes under the genuine digest,
    /// and its blobs are as long as the genuine ones but of other content.
    /// </summary>
    private static async Task<WebApplication> StartHostileAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/v2/", () => Results.Ok());
        app.MapMethods("/v2/lib/app/manifests/{reference}", ["GET", "HEAD"], (HttpContext context) =>
        {
            context.Response.Headers["Docker-Content-Digest"] = Genuine.Digest;
            return Results.Bytes(Forged, TestImages.OciManifest);
        });
        app.MapGet("/v2/lib/app/blobs/{digest}", (string digest) =>
            Results.Bytes(new byte[Genuine.Blobs.Single(b => b.Digest == digest).Content.Length], "application/octet-stream"));
        await app.StartAsync();
        return app;
    }
}
