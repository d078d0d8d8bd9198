using Appliance.Core.Configuration;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;
using Microsoft.Extensions.Options;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// Every rule of Appliance.Core/GarbageCollection/README.md, through the <see cref="GarbageCollector"/> on each metadata
/// engine (<see cref="IGarbageCollectionIndex"/>, <see cref="IExpiredUploads"/>): the same history must leave the same
/// store and the same report, to the second of the grace period, retention and upload expiry (times are strict: "older than").
/// </summary>
public abstract class GarbageCollectionContract<TEngine> : CollectorContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private static readonly TimeSpan Grace = new GarbageCollectionOptions().GracePeriod;
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private IManifestIndex Manifests => Store.Get<IManifestIndex>();

    [Fact]
    public async Task An_unreferenced_blob_outlives_the_grace_period_to_the_second_then_goes_with_its_bytes()
    {
        var repository = TestContent.Repository("app");
        var blob = TestContent.Blob(1234);
        await Store.PushAsync(repository, blob, Cancel);

        Store.Clock.Advance(Grace);
        Assert.Equal(Removed(), await CollectAsync());
        Assert.Equal(blob.Size, await Store.Get<IBlobIndex>().GetLinkedSizeAsync(repository, blob.Digest, Cancel));

        Store.Clock.Advance(Second);
        Assert.Equal(Removed(links: 1, blobs: 1, bytes: 1234), await CollectAsync());
        Assert.Null(await Store.Get<IBlobIndex>().GetLinkedSizeAsync(repository, blob.Digest, Cancel));
        Assert.Null(await Store.Get<IBlobStore>().FindAsync(blob.Digest, Cancel));
        Assert.Empty(await Store.Get<IBlobIndex>().ListAsync(Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task Pushing_or_mounting_a_blob_again_renews_its_grace_period()
    {
        var (repository, mirror) = (TestContent.Repository("app"), TestContent.Repository("mirror"));
        var blob = TestContent.Blob();
        await Store.PushAsync(repository, blob, Cancel);
        Store.Clock.Advance(TimeSpan.FromMinutes(50));
        await Store.PushAsync(repository, blob, Cancel);
        Assert.True(await Store.Get<IBlobIndex>().MountAsync(mirror, blob.Digest, repository, Cancel));

        Store.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(Removed(), await CollectAsync());

        Store.Clock.Advance(Grace - TimeSpan.FromMinutes(20) + Second);
        Assert.Equal(Removed(links: 2, blobs: 1, bytes: blob.Size), await CollectAsync());
    }

    [Fact]
    public async Task What_a_manifest_references_stays_and_untagged_manifests_stay_forever_by_default()
    {
        var repository = TestContent.Repository("app");
        var (tagged, _) = await Store.PushImageAsync(repository, "latest", Cancel);
        var (untagged, _) = await Store.PushImageAsync(repository, null, Cancel);

        Store.Clock.Advance(TimeSpan.FromDays(365));

        Assert.Equal(Removed(), await CollectAsync());
        Assert.NotNull(await Manifests.FindByDigestAsync(repository, tagged.Digest, Cancel));
        Assert.NotNull(await Manifests.FindByDigestAsync(repository, untagged.Digest, Cancel));
        Assert.Equal(4, await Store.Get<IBlobIndex>().ListAsync(Cancel).CountAsync(Cancel));
    }

    [Fact]
    public async Task Untagged_retention_takes_untagged_manifests_older_than_it_then_their_blobs_but_not_blobs_others_share()
    {
        Store.Get<IOptions<GarbageCollectionOptions>>().Value.UntaggedRetention = TimeSpan.FromDays(7);
        var repository = TestContent.Repository("app");
        var (kept, keptBlobs) = await Store.PushImageAsync(repository, "latest", Cancel);
        var sharedLayer = keptBlobs[1];
        var ownConfig = TestContent.Blob(500);
        await Store.PushAsync(repository, ownConfig, Cancel);
        var old = TestContent.Image(ownConfig, sharedLayer);
        await Store.PutAsync(repository, old, null, Cancel);

        Store.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(Removed(), await CollectAsync());

        Store.Clock.Advance(Second);
        Assert.Equal(Removed(manifests: 1, links: 1, blobs: 1, bytes: 500), await CollectAsync());
        Assert.Null(await Manifests.FindByDigestAsync(repository, old.Digest, Cancel));
        Assert.NotNull(await Manifests.FindByDigestAsync(repository, kept.Digest, Cancel));
        Assert.NotNull(await Store.Get<IBlobStore>().FindAsync(sharedLayer.Digest, Cancel));
    }

    [Fact]
    public async Task Untagged_retention_takes_an_old_index_and_then_its_children_in_the_same_run()
    {
        Store.Get<IOptions<GarbageCollectionOptions>>().Value.UntaggedRetention = TimeSpan.FromDays(1);
        var repository = TestContent.Repository("app");
        var (amd64, _) = await Store.PushImageAsync(repository, null, Cancel);
        var (arm64, _) = await Store.PushImageAsync(repository, null, Cancel);
        await Store.PutAsync(repository, TestContent.Index(amd64, arm64), null, Cancel);

        Store.Clock.Advance(TimeSpan.FromDays(1) + Second);

        Assert.Equal(Removed(manifests: 3, links: 4, blobs: 4, bytes: 4000), await CollectAsync());
        Assert.Empty(await Manifests.ListRecordsAsync(repository, Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task A_former_index_child_goes_once_no_index_lists_it_no_tag_names_it_and_the_grace_period_passed()
    {
        var repository = TestContent.Repository("app");
        var (untagged, _) = await Store.PushImageAsync(repository, null, Cancel);
        var (tagged, _) = await Store.PushImageAsync(repository, "amd64", Cancel);
        var (stillListed, _) = await Store.PushImageAsync(repository, null, Cancel);
        var index = TestContent.Index(untagged, tagged, stillListed);
        await Store.PutAsync(repository, index, "latest", Cancel);
        await Store.PutAsync(repository, TestContent.Index(stillListed), "other", Cancel);
        Store.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True(await Manifests.DeleteAsync(repository, index.Digest, Cancel));

        Store.Clock.Advance(Grace - TimeSpan.FromMinutes(30));
        Assert.Equal(Removed(), await CollectAsync());

        Store.Clock.Advance(Second);
        Assert.Equal(Removed(manifests: 1, links: 2, blobs: 2, bytes: 2000), await CollectAsync());
        Assert.Null(await Manifests.FindByDigestAsync(repository, untagged.Digest, Cancel));
        Assert.NotNull(await Manifests.FindByDigestAsync(repository, tagged.Digest, Cancel));
        Assert.NotNull(await Manifests.FindByDigestAsync(repository, stillListed.Digest, Cancel));
    }

    [Fact]
    public async Task An_imported_former_index_child_keeps_its_mark_and_its_push_time_for_collection()
    {
        var repository = TestContent.Repository("copy");
        var (platform, _) = await Store.PushImageAsync(repository, null, Cancel);
        var formerChild = TestContent.Image(TestContent.Blob(), TestContent.Blob());
        var record = new ManifestRecord(formerChild.Stored, EngineStore.Start - Grace, EverListedByIndex: true, []);
        Assert.True(await Manifests.ImportAsync(repository, record, formerChild.Parsed, Cancel));
        // Imported again, a manifest stored already keeps its row: its push time and its mark.
        Assert.False(await Manifests.ImportAsync(repository, record with { Manifest = platform.Stored }, platform.Parsed, Cancel));

        Assert.Equal(Removed(), await CollectAsync());

        Store.Clock.Advance(Second);
        Assert.Equal(Removed(manifests: 1), await CollectAsync());
        Assert.Null(await Manifests.FindByDigestAsync(repository, formerChild.Digest, Cancel));
        Assert.NotNull(await Manifests.FindByDigestAsync(repository, platform.Digest, Cancel));
    }

    [Fact]
    public async Task A_referrer_goes_once_its_subject_is_gone_and_the_grace_period_passed()
    {
        var repository = TestContent.Repository("app");
        var (subject, _) = await Store.PushImageAsync(repository, null, Cancel);
        var (keptSubject, _) = await Store.PushImageAsync(repository, null, Cancel);
        var signatureBlob = TestContent.Blob(300);
        await Store.PushAsync(repository, signatureBlob, Cancel);
        var orphaned = TestContent.Image(signatureBlob, [], subject, "application/vnd.example.signature");
        var kept = TestContent.Image(signatureBlob, [], keptSubject, "application/vnd.example.signature");
        await Store.PutAsync(repository, orphaned, null, Cancel);
        await Store.PutAsync(repository, kept, null, Cancel);
        Assert.True(await Manifests.DeleteAsync(repository, subject.Digest, Cancel));

        Store.Clock.Advance(Grace);
        // The subject's own blobs lost their manifest with it: they follow the grace period of their links.
        Assert.Equal(Removed(), await CollectAsync());

        Store.Clock.Advance(Second);
        Assert.Equal(Removed(manifests: 1, links: 2, blobs: 2, bytes: 2000), await CollectAsync());
        Assert.Null(await Manifests.FindByDigestAsync(repository, orphaned.Digest, Cancel));
        Assert.NotNull(await Manifests.FindByDigestAsync(repository, kept.Digest, Cancel));
        Assert.Equal([kept.Digest], (await Manifests.ListReferrersAsync(repository, keptSubject.Digest, null, Cancel)).Select(r => r.Digest));
    }

    [Fact]
    public async Task An_upload_expires_with_its_spool_once_older_than_the_expiry()
    {
        var expiry = new GarbageCollectionOptions().UploadExpiry;
        var repository = TestContent.Repository("app");
        var blobs = Store.Get<IBlobStore>();
        var abandoned = await blobs.SpoolAsync(TestContent.Blob().Bytes, Cancel);
        await Store.Get<IUploadSessions>().CreateAsync(new UploadSession(abandoned, repository, Store.Clock.GetUtcNow()), Cancel);
        Store.Clock.Advance(TimeSpan.FromHours(1));
        var recent = await blobs.SpoolAsync(TestContent.Blob().Bytes, Cancel);
        await Store.Get<IUploadSessions>().CreateAsync(new UploadSession(recent, repository, Store.Clock.GetUtcNow()), Cancel);

        Store.Clock.Advance(expiry - TimeSpan.FromHours(1));
        Assert.Equal(Removed(), await CollectAsync());

        Store.Clock.Advance(Second);
        Assert.Equal(Removed(uploads: 1), await CollectAsync());
        Assert.Null(await Store.Get<IUploadSessions>().FindAsync(abandoned, Cancel));
        Assert.Null(await blobs.GetUploadLengthAsync(abandoned, Cancel));
        Assert.NotNull(await Store.Get<IUploadSessions>().FindAsync(recent, Cancel));
        Assert.Equal(1000, await blobs.GetUploadLengthAsync(recent, Cancel));
    }

    [Fact]
    public async Task A_dry_run_reports_the_first_step_of_each_rule_and_removes_nothing()
    {
        var repository = TestContent.Repository("app");
        Store.Get<IOptions<GarbageCollectionOptions>>().Value.UntaggedRetention = TimeSpan.FromDays(1);
        await Store.PushImageAsync(repository, null, Cancel);
        await Store.PushAsync(repository, TestContent.Blob(), Cancel);
        await Store.Get<IUploadSessions>().CreateAsync(new UploadSession(UploadId.New(), repository, Store.Clock.GetUtcNow()), Cancel);
        Store.Clock.Advance(TimeSpan.FromDays(2));
        var before = await Store.Get<IRegistryStatistics>().CountAsync(Cancel);

        var dry = await Store.Get<GarbageCollector>().RunAsync(dryRun: true, null, Cancel);

        // Links and blobs are counted as they stand: those the manifest's removal would free are not yet unreferenced.
        Assert.Equal(Removed(manifests: 1, links: 1, uploads: 1), Figures(dry));
        Assert.Equal(before, await Store.Get<IRegistryStatistics>().CountAsync(Cancel));
        Assert.Equal(Removed(manifests: 1, links: 3, blobs: 3, bytes: 3000, uploads: 1), await CollectAsync());
    }

    private async Task<(int, int, int, long, int)> CollectAsync() =>
        Figures(await Store.Get<GarbageCollector>().RunAsync(dryRun: false, null, Cancel));

    private static (int, int, int, long, int) Figures(GarbageCollectionReport report) =>
        (report.ManifestsRemoved, report.LinksRemoved, report.BlobsRemoved, report.BytesReclaimed, report.UploadsExpired);

    private static (int, int, int, long, int) Removed(int manifests = 0, int links = 0, int blobs = 0, long bytes = 0, int uploads = 0) =>
        (manifests, links, blobs, bytes, uploads);
}
