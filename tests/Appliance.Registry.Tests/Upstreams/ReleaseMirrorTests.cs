using System.Net;
using System.Text.Json;
using Appliance.Core.Content;
using Appliance.Core.Names;
using Appliance.Core.Releases;
using Appliance.Core.Services;
using Appliance.Core.Storage;
using Appliance.Core.Upstreams;
using Appliance.Registry.Maintenance;
using Appliance.Registry.Tls;
using Appliance.Testing;
using Appliance.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Registry.Tests.Upstreams;

/// <summary>
/// <c>release mirror</c>, <c>release check --fill</c> and sync jobs against the two loopback upstreams of the issue
/// (distribution over TLS with htpasswd, this registry with token auth), into a third registry that maps both.
/// </summary>
public sealed class ReleaseMirrorTests : IAsyncLifetime
{
    private const string Components = "lib/ocp-v4.0-art-dev";
    private UpstreamSites _sites = null!;
    private RegistryServer _local = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _sites = await UpstreamSites.StartAsync();
        _local = await RegistryServer.StartAsync([.. _sites.Arguments(), "--sync:concurrency", "4"]);
    }

    public async ValueTask DisposeAsync()
    {
        await _local.DisposeAsync();
        await _sites.DisposeAsync();
    }

    [Fact]
    public async Task A_release_is_mirrored_completely_with_its_signature_and_a_fill_fetches_exactly_the_components_deleted()
    {
        var upstream = _sites.Distribution.Authority;
        var components = TestReleases.Components(12, seed: 71);
        var release = TestReleases.Release("4.99.0", components, seed: 71, componentSource: $"{upstream}/{Components}");
        var signature = TestImages.Image(1, 128, 72);
        var signatureTag = $"{release.Digest.Replace(':', '-')}.sig";
        using (var pusher = _sites.Distribution.CreateClient())
        {
            foreach (var (_, image) in components) await pusher.PushImageAsync(Components, image.Digest, image);
            await pusher.PushImageAsync("lib/ocp-release", "4.99.0-x86_64", release);
            await pusher.PushImageAsync("lib/ocp-release", signatureTag, signature);
        }
        var reference = ImageReference.Parse($"{upstream}/lib/ocp-release:4.99.0-x86_64");

        var mirrored = await Mirror.MirrorAsync(reference, Map(), [], progress: null, Cancel);
        Assert.True(mirrored.IsComplete, string.Join("; ", mirrored.Failures));
        Assert.Equal((12, 12), (mirrored.Components, mirrored.Copied));
        Assert.Equal([signatureTag], mirrored.Signatures);
        var check = mirrored.Check!;
        Assert.Equal(("one/ocp-release", 12, 12), (check.Repository.Value, check.Payloads.Single().Components, check.Payloads.Single().Present));
        Assert.Equal(signature.Digest, (await FindAsync("one/ocp-release", ManifestReference.ForTag(signatureTag)))?.Digest.ToString());
        Assert.Equal(release.Digest, (await FindAsync("one/ocp-release", ManifestReference.ForTag("4.99.0-x86_64")))?.Digest.ToString());

        var deleted = new[] { components[1], components[6], components[11] };
        var manifests = _local.Services.GetRequiredService<ManifestService>();
        foreach (var (_, image) in deleted)
        {
            await manifests.DeleteAsync(RepositoryName.Parse("one/ocp-v4.0-art-dev"), ManifestReference.ForDigest(Digest.Parse(image.Digest)), Cancel);
        }
        var before = components.ToDictionary(c => c.Name, c => ManifestGets(c.Image));
        var filled = await Mirror.FillAsync(reference, Map(), [], progress: null, Cancel);
        Assert.True(filled.IsComplete, string.Join("; ", filled.Failures));
        Assert.Equal((3, 3), (filled.Components, filled.Copied));
        Assert.Equal(deleted.Select(d => d.Name), components.Where(c => ManifestGets(c.Image) != before[c.Name]).Select(c => c.Name));
        Assert.All(deleted, d => Assert.Equal(before[d.Name] + 1, ManifestGets(d.Image)));

        var again = await Mirror.MirrorAsync(reference, Map(), [], progress: null, Cancel);
        Assert.True(again.IsComplete);
        Assert.Equal(0, again.Copied);
        Assert.Contains("0 manifests and 0 blobs (0B) copied", again.Summary);
    }

    [Fact]
    public async Task A_sync_job_copies_the_tags_its_filter_matches_with_their_referrers_and_a_rerun_copies_nothing()
    {
        var images = new[] { "v1.0.0", "v1.1.0", "v2.0.0", "latest", "v1.2.0-rc" }.Select((tag, i) => (Tag: tag, Image: TestImages.Image(2, 4096, 80 + i))).ToList();
        var referrer = TestImages.Artifact("application/vnd.example.signature", images[0].Image.Manifest, "signed");
        using (var pusher = _sites.CreateRegistryPusher())
        {
            foreach (var (tag, image) in images) await pusher.PushImageAsync("lib/app", tag, image);
            await pusher.PushImageAsync("lib/app", referrer.Digest, referrer);
        }
        var job = new SyncJob("app", ["two/app"], "v[0-9.]+", ">=1.0.0 <2.0.0", [], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        job.Validate();
        Assert.True(await _local.Services.GetRequiredService<ISyncJobStore>().AddAsync(job, Cancel));
        var sync = _local.Services.GetRequiredService<AuditedSync>();

        var first = (await sync.RunAsync(job, "tester", "local", progress: null, Cancel))!;
        Assert.Empty(first.Failures);
        Assert.Equal((2L, 0L), (first.Record.ImagesCopied, first.Record.ImagesPresent));
        Assert.Equal(["v1.0.0", "v1.1.0"], await TagsAsync("two/app"));
        Assert.NotNull(await FindAsync("two/app", ManifestReference.ForDigest(Digest.Parse(referrer.Digest))));
        Assert.Null(await FindAsync("two/app", ManifestReference.ForDigest(Digest.Parse(images[2].Image.Digest))));

        var rerun = (await sync.RunAsync(job, "tester", "local", progress: null, Cancel))!;
        Assert.Equal((0L, 2L, 0L), (rerun.Record.ImagesCopied, rerun.Record.ImagesPresent, rerun.Record.BytesCopied));
        var runs = await _local.Services.GetRequiredService<ISyncJobStore>().ListRunsAsync("app", 10, Cancel);
        Assert.Equal([rerun.Record.Id, first.Record.Id], runs.Select(r => r.Id));
        Assert.All(runs, r => Assert.NotNull(r.FinishedAt));
    }

    [Fact]
    public async Task A_sync_job_with_a_wildcard_version_range_copies_the_tags_of_that_minor_release_only()
    {
        using (var pusher = _sites.CreateRegistryPusher())
        {
            foreach (var (tag, seed) in new[] { ("4.15.9", 96), ("4.16.0", 97), ("4.16.3-x86_64", 98), ("4.17.0", 99), ("latest", 100) })
            {
                await pusher.PushImageAsync("lib/ocp", tag, TestImages.Image(1, 512, seed));
            }
        }
        var job = new SyncJob("ocp", ["two/ocp"], "4.16.*", null, [], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        job.Validate();
        Assert.True(await _local.Services.GetRequiredService<ISyncJobStore>().AddAsync(job, Cancel));

        var run = (await _local.Services.GetRequiredService<AuditedSync>().RunAsync(job, "tester", "local", progress: null, Cancel))!;
        Assert.Empty(run.Failures);
        Assert.Equal(2L, run.Record.ImagesCopied);
        Assert.Equal(["4.16.0", "4.16.3-x86_64"], await TagsAsync("two/ocp"));
    }

    [Fact]
    public async Task Referrers_listed_by_an_upstream_with_the_referrers_api_are_synced_and_listed_locally_with_their_blobs()
    {
        const string SignatureType = "application/vnd.dev.cosign.artifact.sig.v1+json";
        const string SbomType = "application/spdx+json";
        var image = TestImages.Image(1, 4096, 95);
        var signature = TestImages.Artifact(SignatureType, image.Manifest, "cosign signature of v1");
        var sbom = TestImages.Artifact(SbomType, image.Manifest, "{\"spdxVersion\":\"SPDX-2.3\"}");
        using var pusher = _sites.CreateRegistryPusher();
        await pusher.PushImageAsync("lib/signed", "v1", image);
        await pusher.PushImageAsync("lib/signed", signature.Digest, signature);
        var job = new SyncJob("signed", ["two/signed"], "v1", null, [], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        Assert.True(await _local.Services.GetRequiredService<ISyncJobStore>().AddAsync(job, Cancel));
        var sync = _local.Services.GetRequiredService<AuditedSync>();

        var first = (await sync.RunAsync(job, "tester", "local", progress: null, Cancel))!;
        Assert.Empty(first.Failures);
        Assert.Equal([(signature.Digest, SignatureType)], await ReferrersAsync("two/signed", image.Digest));
        await AssertBlobsStoredAsync("two/signed", signature);

        // An SBOM attached after the image was synced comes with the next run, though the image itself is not copied again.
        await pusher.PushImageAsync("lib/signed", sbom.Digest, sbom);
        var second = (await sync.RunAsync(job, "tester", "local", progress: null, Cancel))!;
        Assert.Empty(second.Failures);
        Assert.Equal((0L, 1L), (second.Record.ImagesCopied, second.Record.ImagesPresent));
        Assert.Equal([(sbom.Digest, SbomType), (signature.Digest, SignatureType)],
            (await ReferrersAsync("two/signed", image.Digest)).OrderBy(r => r.ArtifactType, StringComparer.Ordinal));
        await AssertBlobsStoredAsync("two/signed", sbom);
    }

    [Fact]
    public async Task An_upstream_manifest_or_blob_whose_bytes_do_not_match_its_digest_is_refused_and_nothing_is_stored()
    {
        var badManifest = TestImages.Image(1, 2048, 91);
        var badLayer = TestImages.Image(1, 2048, 92);
        using (var pusher = _sites.Distribution.CreateClient())
        {
            await pusher.PushImageAsync("lib/bad", "manifest", badManifest);
            await pusher.PushImageAsync("lib/bad", "layer", badLayer);
        }
        await TamperAsync(badManifest.Manifest.Digest, bytes => JsonSerializer.SerializeToUtf8Bytes(new { schemaVersion = 2, tampered = true }));
        await TamperAsync(badLayer.Layers[0].Digest, bytes => [(byte)(bytes[0] ^ 0xff), .. bytes[1..]]);
        var copier = _local.Services.GetRequiredService<ImageCopier>();
        var source = _local.Services.GetRequiredService<IUpstreams>().Resolve(RepositoryName.Parse("one/bad"))!;
        var target = RepositoryName.Parse("one/bad");

        var manifest = await Assert.ThrowsAsync<UpstreamException>(() =>
            copier.CopyAsync(source, ManifestReference.ForTag("manifest"), target, [], copier.StartRun(), Cancel));
        Assert.Equal(UpstreamFailure.DigestMismatch, manifest.Failure);
        var layer = await Assert.ThrowsAsync<UpstreamException>(() =>
            copier.CopyAsync(source, ManifestReference.ForTag("layer"), target, [], copier.StartRun(), Cancel));
        Assert.Equal(UpstreamFailure.DigestMismatch, layer.Failure);
        Assert.Contains(badLayer.Layers[0].Digest, layer.Message);

        Assert.Null(await FindAsync("one/bad", ManifestReference.ForDigest(Digest.Parse(badManifest.Digest))));
        Assert.Null(await FindAsync("one/bad", ManifestReference.ForTag("layer")));
        Assert.Null(await _local.Services.GetRequiredService<IBlobStore>().FindAsync(Digest.Parse(badLayer.Layers[0].Digest), Cancel));
        Assert.Empty(await TagsAsync("one/bad"));
    }

    private ReleaseMirror Mirror => _local.Services.GetRequiredService<ReleaseMirror>();

    private MirrorMap Map() => Mirror.MapOf(ReleaseMirror.SourcesOf(_local.Services.GetRequiredService<UpstreamOptions>().Mappings),
        _local.Services.GetRequiredService<RegistryNames>().Includes);

    private int ManifestGets(TestImage image) => _sites.Distribution.CountGets($"{Components}/manifests/{image.Digest}");

    private Task<StoredManifest?> FindAsync(string repository, ManifestReference reference) =>
        _local.Services.GetRequiredService<ManifestService>().FindAsync(RepositoryName.Parse(repository), reference, Cancel);

    private async Task<List<string>> TagsAsync(string repository)
    {
        using var http = _local.CreateClient();
        using var response = await http.GetAsync($"/v2/{repository}/tags/list", Cancel);
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return body.RootElement.GetProperty("tags") is { ValueKind: JsonValueKind.Array } tags ? [.. tags.EnumerateArray().Select(t => t.GetString()!).Order()] : [];
    }

    /// <summary>What the local registry's referrers API lists for <paramref name="subject"/>: digest and artifact type of each.</summary>
    private async Task<List<(string Digest, string ArtifactType)>> ReferrersAsync(string repository, string subject)
    {
        using var http = _local.CreateClient();
        using var response = await http.GetAsync($"/v2/{repository}/referrers/{subject}", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        return [.. index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => (m.GetProperty("digest").GetString()!, m.GetProperty("artifactType").GetString()!))];
    }

    /// <summary>Each blob in the local store and linked into the repository (asked of the store: a GET could be a pull through the cache).</summary>
    private async Task AssertBlobsStoredAsync(string repository, TestImage image)
    {
        var name = RepositoryName.Parse(repository);
        foreach (var blob in image.Blobs)
        {
            var digest = Digest.Parse(blob.Digest);
            Assert.Equal(blob.Content.LongLength, await _local.Services.GetRequiredService<IBlobIndex>().GetLinkedSizeAsync(name, digest, Cancel));
            Assert.Equal(blob.Content.LongLength, (await _local.Services.GetRequiredService<IBlobStore>().FindAsync(digest, Cancel))?.Length);
        }
    }

    /// <summary>Rewrites a blob's bytes in upstream 1's storage, as a damaged disk or a hostile upstream would serve them.</summary>
    private async Task TamperAsync(string digest, Func<byte[], byte[]> change)
    {
        var hex = digest["sha256:".Length..];
        var file = Path.Combine(_sites.Directory.Combine("distribution"), "storage", "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
        await File.WriteAllBytesAsync(file, change(await File.ReadAllBytesAsync(file, Cancel)), Cancel);
    }
}
