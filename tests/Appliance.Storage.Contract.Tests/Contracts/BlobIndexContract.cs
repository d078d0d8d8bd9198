using Appliance.Core.Content;
using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// <see cref="IBlobIndex"/>: publishing an upload, recording its blob, linking it and ending the session are one
/// transaction; linking again is harmless and renews the link's age; a mount needs the source's link.
/// </summary>
public abstract class BlobIndexContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private IBlobIndex Index => Store.Get<IBlobIndex>();

    [Fact]
    public async Task Linking_an_upload_publishes_records_links_and_ends_its_session_with_the_size_given()
    {
        var repository = TestContent.Repository("app");
        var blob = TestContent.Blob(4321);

        await Store.PushAsync(repository, blob, Cancel);

        Assert.Equal(4321, await Index.GetLinkedSizeAsync(repository, blob.Digest, Cancel));
        Assert.Equal(4321, (await Store.Get<IBlobStore>().FindAsync(blob.Digest, Cancel))?.Length);
        Assert.Empty(await Store.Get<IRepositoryBrowser>().ListUploadsAsync(Cancel));
        Assert.Equal([new RecordedBlob(blob.Digest, 4321, InUse: true, EngineStore.Start)], await Index.ListAsync(Cancel).ToListAsync(Cancel));
        Assert.Null(await Index.GetLinkedSizeAsync(TestContent.Repository("other"), blob.Digest, Cancel));
    }

    [Fact]
    public async Task A_publish_that_fails_leaves_no_record_no_link_and_the_session_open()
    {
        var repository = TestContent.Repository("app");
        var blob = TestContent.Blob();
        var upload = UploadId.New();
        await Store.Get<IUploadSessions>().CreateAsync(new UploadSession(upload, repository, Store.Clock.GetUtcNow()), Cancel);

        await Assert.ThrowsAsync<IOException>(() => Index.LinkUploadAsync(repository, blob.Digest, blob.Size, upload,
            _ => throw new IOException("disk full"), Cancel));

        Assert.Null(await Index.GetLinkedSizeAsync(repository, blob.Digest, Cancel));
        Assert.Empty(await Index.ListAsync(Cancel).ToListAsync(Cancel));
        Assert.NotNull(await Store.Get<IUploadSessions>().FindAsync(upload, Cancel));
    }

    [Fact]
    public async Task Linking_again_keeps_one_record_with_its_first_time_and_renews_the_link()
    {
        var repository = TestContent.Repository("app");
        var blob = TestContent.Blob();
        await Store.PushAsync(repository, blob, Cancel);
        Store.Clock.Advance(TimeSpan.FromMinutes(10));

        await Store.PushAsync(repository, blob, Cancel);

        Assert.Equal([new RecordedBlob(blob.Digest, blob.Size, InUse: true, EngineStore.Start)], await Index.ListAsync(Cancel).ToListAsync(Cancel));
        Assert.Equal([new BlobLink(blob.Digest, EngineStore.Start.AddMinutes(10))], await Index.ListLinksAsync(repository, Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task A_mount_links_only_what_the_source_repository_links()
    {
        var (source, target, empty) = (TestContent.Repository("source"), TestContent.Repository("target"), TestContent.Repository("empty"));
        var blob = TestContent.Blob();
        await Store.PushAsync(source, blob, Cancel);

        Assert.False(await Index.MountAsync(target, blob.Digest, empty, Cancel));
        Assert.Null(await Index.GetLinkedSizeAsync(target, blob.Digest, Cancel));
        Store.Clock.Advance(TimeSpan.FromSeconds(7));
        Assert.True(await Index.MountAsync(target, blob.Digest, source, Cancel));

        Assert.Equal(blob.Size, await Index.GetLinkedSizeAsync(target, blob.Digest, Cancel));
        Assert.Equal([new BlobLink(blob.Digest, EngineStore.Start.AddSeconds(7))], await Index.ListLinksAsync(target, Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task Unlinking_leaves_the_blob_recorded_but_unused_and_forgetting_removes_it_everywhere()
    {
        var (first, second) = (TestContent.Repository("first"), TestContent.Repository("second"));
        var (unlinked, forgotten) = (TestContent.Blob(), TestContent.Blob());
        await Store.PushAsync(first, unlinked, Cancel);
        await Store.PushAsync(first, forgotten, Cancel);
        Assert.True(await Index.MountAsync(second, forgotten.Digest, first, Cancel));

        Assert.True(await Index.UnlinkAsync(first, unlinked.Digest, Cancel));
        Assert.False(await Index.UnlinkAsync(first, unlinked.Digest, Cancel));
        var removed = new List<Digest>();
        await Index.ForgetAsync(forgotten.Digest, _ => { removed.Add(forgotten.Digest); return Task.CompletedTask; }, Cancel);

        Assert.Equal([forgotten.Digest], removed);
        Assert.Equal([new RecordedBlob(unlinked.Digest, unlinked.Size, InUse: false, EngineStore.Start)], await Index.ListAsync(Cancel).ToListAsync(Cancel));
        Assert.Null(await Index.GetLinkedSizeAsync(second, forgotten.Digest, Cancel));
        Assert.Empty(await Index.ListLinksAsync(first, Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task An_orphan_is_removed_only_while_the_blob_has_no_record()
    {
        var recorded = TestContent.Blob();
        await Store.PushAsync(TestContent.Repository("app"), recorded, Cancel);
        var orphan = TestContent.Blob();
        var removed = new List<Digest>();

        Assert.False(await Index.RemoveOrphanAsync(recorded.Digest, _ => { removed.Add(recorded.Digest); return Task.CompletedTask; }, Cancel));
        Assert.True(await Index.RemoveOrphanAsync(orphan.Digest, _ => { removed.Add(orphan.Digest); return Task.CompletedTask; }, Cancel));

        Assert.Equal([orphan.Digest], removed);
    }

    [Fact]
    public async Task Imports_keep_the_source_times_and_adding_them_again_adds_nothing()
    {
        var repository = TestContent.Repository("copy");
        var blob = TestContent.Blob();
        var recordedAt = EngineStore.Start.AddDays(-2);
        var published = 0;

        await Index.ImportAsync(new RecordedBlob(blob.Digest, blob.Size, InUse: true, recordedAt), _ => { published++; return Task.CompletedTask; }, Cancel);
        await Index.ImportAsync(new RecordedBlob(blob.Digest, blob.Size, InUse: true, recordedAt.AddDays(1)), _ => Task.CompletedTask, Cancel);
        BlobLink[] links = [new(blob.Digest, recordedAt.AddHours(1))];
        Assert.Equal(1, await Index.ImportLinksAsync(repository, links, Cancel));
        Assert.Equal(0, await Index.ImportLinksAsync(repository, links, Cancel));

        Assert.Equal(1, published);
        Assert.Equal([new RecordedBlob(blob.Digest, blob.Size, InUse: true, recordedAt)], await Index.ListAsync(Cancel).ToListAsync(Cancel));
        Assert.Equal(links, await Index.ListLinksAsync(repository, Cancel).ToListAsync(Cancel));
    }
}
