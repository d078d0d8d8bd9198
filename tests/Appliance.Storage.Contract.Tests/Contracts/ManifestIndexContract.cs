using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// <see cref="IManifestIndex"/>: a manifest is stored only with everything it needs in its repository, in one transaction
/// with its tag; storing it again changes nothing but the tag; tags page like every listing.
/// </summary>
public abstract class ManifestIndexContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private IManifestIndex Manifests => Store.Get<IManifestIndex>();

    [Fact]
    public async Task An_image_manifest_whose_blob_is_missing_is_refused_naming_it_and_nothing_is_stored()
    {
        var repository = TestContent.Repository("app");
        var (config, layer) = (TestContent.Blob(), TestContent.Blob());
        await Store.PushAsync(repository, config, Cancel);
        var manifest = TestContent.Image(config, layer);

        var missing = await Manifests.PutAsync(repository, manifest.Stored, manifest.Parsed, "latest", Cancel);

        Assert.Equal([layer.Digest], missing);
        Assert.Null(await Manifests.FindByDigestAsync(repository, manifest.Digest, Cancel));
        Assert.Null(await Manifests.FindByTagAsync(repository, "latest", Cancel));
        Assert.Empty((await Manifests.ListTagsAsync(repository, 10, null, Cancel))!.Items);
        Assert.Empty(await Manifests.ListRecordsAsync(repository, Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task A_blob_linked_only_into_another_repository_does_not_count_and_the_refused_repository_is_not_created()
    {
        var (source, target) = (TestContent.Repository("source"), TestContent.Repository("target"));
        var (manifest, blobs) = await Store.PushImageAsync(source, "latest", Cancel);

        var missing = await Manifests.PutAsync(target, manifest.Stored, manifest.Parsed, "latest", Cancel);

        Assert.Equal(blobs.Select(b => b.Digest).OrderBy(d => d.ToString(), StringComparer.Ordinal), missing.OrderBy(d => d.ToString(), StringComparer.Ordinal));
        Assert.Null(await Manifests.FindByDigestAsync(target, manifest.Digest, Cancel));
        Assert.Null(await Manifests.ListTagsAsync(target, 10, null, Cancel));
        Assert.Equal([source.Value], (await Store.Get<IRepositoryCatalog>().ListAsync(10, null, Cancel)).Items);
    }

    [Fact]
    public async Task A_stored_manifest_reads_back_byte_identical_by_digest_and_by_tag()
    {
        var repository = TestContent.Repository("app");
        var (manifest, _) = await Store.PushImageAsync(repository, "v1", Cancel, layers: 3);

        foreach (var found in new[] { await Manifests.FindByDigestAsync(repository, manifest.Digest, Cancel), await Manifests.FindByTagAsync(repository, "v1", Cancel) })
        {
            Assert.NotNull(found);
            Assert.Equal(manifest.Digest, found.Digest);
            Assert.Equal(manifest.MediaType, found.MediaType);
            Assert.Equal(manifest.Stored.Content.ToArray(), found.Content.ToArray());
        }
        Assert.Null(await Manifests.FindByTagAsync(repository, "v2", Cancel));
        Assert.Null(await Manifests.FindByDigestAsync(TestContent.Repository("other"), manifest.Digest, Cancel));
    }

    [Fact]
    public async Task Storing_a_manifest_again_is_idempotent_and_a_tag_moves_to_the_manifest_stored_last()
    {
        var repository = TestContent.Repository("app");
        var (first, blobs) = await Store.PushImageAsync(repository, "latest", Cancel);
        Store.Clock.Advance(TimeSpan.FromMinutes(5));
        await Store.PutAsync(repository, first, "v1", Cancel);
        await Store.PutAsync(repository, first, "v1", Cancel);
        var second = TestContent.Image(blobs);
        await Store.PutAsync(repository, second, "latest", Cancel);

        var records = await Manifests.ListRecordsAsync(repository, Cancel).ToDictionaryAsync(r => r.Manifest.Digest, cancellationToken: Cancel);
        Assert.Equal(2, records.Count);
        Assert.Equal(["v1"], records[first.Digest].Tags.Select(t => t.Name));
        Assert.Equal(EngineStore.Start, records[first.Digest].PushedAt);
        Assert.Equal(["latest"], records[second.Digest].Tags.Select(t => t.Name));
        Assert.Equal(second.Digest, (await Manifests.FindByTagAsync(repository, "latest", Cancel))!.Digest);
    }

    [Fact]
    public async Task Deleting_a_tag_keeps_the_manifest_and_deleting_a_manifest_removes_its_tags()
    {
        var repository = TestContent.Repository("app");
        var (manifest, _) = await Store.PushImageAsync(repository, "a", Cancel);
        await Store.PutAsync(repository, manifest, "b", Cancel);

        Assert.True(await Manifests.DeleteTagAsync(repository, "a", Cancel));
        Assert.False(await Manifests.DeleteTagAsync(repository, "a", Cancel));
        Assert.NotNull(await Manifests.FindByDigestAsync(repository, manifest.Digest, Cancel));

        Assert.True(await Manifests.DeleteAsync(repository, manifest.Digest, Cancel));
        Assert.False(await Manifests.DeleteAsync(repository, manifest.Digest, Cancel));
        Assert.Null(await Manifests.FindByTagAsync(repository, "b", Cancel));
        Assert.Empty((await Manifests.ListTagsAsync(repository, 10, null, Cancel))!.Items);
    }

    [Fact]
    public async Task Tags_page_with_n_and_last_in_byte_order()
    {
        var repository = TestContent.Repository("app");
        var (manifest, _) = await Store.PushImageAsync(repository, null, Cancel);
        foreach (var tag in Listings.AwkwardNames) await Store.PutAsync(repository, manifest, tag, Cancel);

        await Listings.AssertPagesAsync(Listings.AwkwardNames, (n, last) => Manifests.ListTagsAsync(repository, n, last, Cancel));
        Assert.Null(await Manifests.ListTagsAsync(TestContent.Repository("unknown"), 10, null, Cancel));
    }

    [Fact]
    public async Task Referrers_are_listed_by_subject_in_push_order_and_filtered_by_artifact_type()
    {
        var repository = TestContent.Repository("app");
        var (subject, _) = await Store.PushImageAsync(repository, "latest", Cancel);
        var blob = TestContent.Blob();
        await Store.PushAsync(repository, blob, Cancel);
        var signature = TestContent.Image(blob, [], subject, "application/vnd.example.signature");
        var sbom = TestContent.Image(blob, [], subject, "application/vnd.example.sbom");
        await Store.PutAsync(repository, signature, null, Cancel);
        await Store.PutAsync(repository, sbom, null, Cancel);

        var all = await Manifests.ListReferrersAsync(repository, subject.Digest, null, Cancel);
        Assert.Equal([signature.Digest, sbom.Digest], all.Select(r => r.Digest));
        Assert.Equal([signature.Size, sbom.Size], all.Select(r => r.Size));
        Assert.All(all, r => Assert.Equal(signature.MediaType, r.MediaType));
        var sboms = await Manifests.ListReferrersAsync(repository, subject.Digest, "application/vnd.example.sbom", Cancel);
        Assert.Equal("application/vnd.example.sbom", Assert.Single(sboms).ArtifactType);
        Assert.Empty(await Manifests.ListReferrersAsync(TestContent.Repository("other"), subject.Digest, null, Cancel));
    }

    [Fact]
    public async Task An_index_needs_its_required_children_only_and_a_child_stored_later_is_its_child()
    {
        var repository = TestContent.Repository("release");
        var (present, _) = await Store.PushImageAsync(repository, null, Cancel);
        TestBlob[] absentBlobs = [TestContent.Blob(), TestContent.Blob()];
        var absent = TestContent.Image(absentBlobs);
        var index = TestContent.Index(present, absent);

        // Every child required (the parser's default, registry.indexes.platforms: all): refused, naming the absent one.
        Assert.Equal([absent.Digest], await Manifests.PutAsync(repository, index.Stored, index.Parsed, "multi", Cancel));
        Assert.Null(await Manifests.FindByTagAsync(repository, "multi", Cancel));

        // A sparse index (none required, the default policy): stored, and the child pushed afterwards belongs to it.
        Assert.Empty(await Manifests.PutAsync(repository, index.Stored, index.Parsed with { RequiredChildren = [] }, "multi", Cancel));
        foreach (var blob in absentBlobs) await Store.PushAsync(repository, blob, Cancel);
        await Store.PutAsync(repository, absent, null, Cancel);
        Assert.True(await Manifests.DeleteAsync(repository, index.Digest, Cancel));

        var records = await Manifests.ListRecordsAsync(repository, Cancel).ToDictionaryAsync(r => r.Manifest.Digest, cancellationToken: Cancel);
        Assert.True(records[absent.Digest].EverListedByIndex);
    }

    [Fact]
    public async Task An_index_marks_the_manifests_it_lists_as_ever_listed_by_an_index_and_the_mark_outlives_it()
    {
        var repository = TestContent.Repository("app");
        var (child, _) = await Store.PushImageAsync(repository, null, Cancel);
        var (loose, _) = await Store.PushImageAsync(repository, null, Cancel);
        var index = TestContent.Index(child);
        await Store.PutAsync(repository, index, "latest", Cancel);
        Assert.True(await Manifests.DeleteAsync(repository, index.Digest, Cancel));

        var records = await Manifests.ListRecordsAsync(repository, Cancel).ToDictionaryAsync(r => r.Manifest.Digest, cancellationToken: Cancel);

        Assert.True(records[child.Digest].EverListedByIndex);
        Assert.False(records[loose.Digest].EverListedByIndex);
    }

    [Fact]
    public async Task An_imported_manifest_keeps_its_times_and_tags_and_importing_it_again_adds_nothing()
    {
        var repository = TestContent.Repository("copy");
        var manifest = TestContent.Image(TestContent.Blob(), TestContent.Blob());
        var pushed = EngineStore.Start.AddDays(-3);
        var record = new ManifestRecord(manifest.Stored, pushed, EverListedByIndex: false, [new TagRecord("v1", pushed.AddHours(1))]);

        // Imports do not check references: the copy is what the source held, blobs may come after.
        Assert.True(await Manifests.ImportAsync(repository, record, manifest.Parsed, Cancel));
        Assert.False(await Manifests.ImportAsync(repository, record, manifest.Parsed, Cancel));

        var stored = Assert.Single(await Manifests.ListRecordsAsync(repository, Cancel).ToListAsync(Cancel));
        Assert.Equal(pushed, stored.PushedAt);
        Assert.Equal(record.Tags, stored.Tags);
        Assert.Equal(manifest.Stored.Content.ToArray(), stored.Manifest.Content.ToArray());
    }

    [Fact]
    public async Task Importing_a_manifest_stored_already_dates_it_back_to_the_earlier_push_and_never_forward()
    {
        var repository = TestContent.Repository("taken-over");
        var (manifest, _) = await Store.PushImageAsync(repository, "v1", Cancel);
        var earlier = EngineStore.Start.AddDays(-300);

        Assert.False(await Manifests.ImportAsync(repository, new ManifestRecord(manifest.Stored, earlier, false, [new TagRecord("v1", earlier)]), manifest.Parsed, Cancel));
        Assert.False(await Manifests.ImportAsync(repository, new ManifestRecord(manifest.Stored, EngineStore.Start.AddDays(1), false, []), manifest.Parsed, Cancel));

        var stored = Assert.Single(await Manifests.ListRecordsAsync(repository, Cancel).ToListAsync(Cancel));
        Assert.Equal(earlier, stored.PushedAt);
        Assert.Equal([new TagRecord("v1", earlier)], stored.Tags);
    }
}
