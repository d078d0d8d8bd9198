using System.Security.Cryptography;
using Appliance.Core.Content;
using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary>
/// <see cref="IBlobStore"/>: an upload becomes a blob only when published, whole and byte-identical, and publishing a digest
/// that exists already keeps one copy.
/// </summary>
public abstract class BlobStoreContract<TEngine>() : StoreContract(new TEngine()) where TEngine : IBlobStoreEngine, new()
{
    private IBlobStore Blobs => Store.Get<IBlobStore>();

    [Fact]
    public async Task An_upload_is_invisible_until_published_then_reads_back_byte_identical_whole_and_in_ranges()
    {
        var blob = TestContent.Blob(70_001);
        // Odd pieces, as chunked pushes send them.
        var upload = await Blobs.SpoolAsync(blob.Bytes, Cancel, 1, 33_333, 36_667);
        Assert.Equal(blob.Size, await Blobs.GetUploadLengthAsync(upload, Cancel));
        Assert.Null(await Blobs.FindAsync(blob.Digest, Cancel));
        Assert.DoesNotContain(blob.Digest, await DigestsAsync());

        await Blobs.PublishUploadAsync(upload, blob.Digest, Cancel);

        Assert.Equal(blob.Size, (await Blobs.FindAsync(blob.Digest, Cancel))?.Length);
        Assert.Equal(blob.Bytes, await Blobs.ReadAsync(blob.Digest, 0, null, Cancel));
        Assert.Equal(blob.Bytes[..1], await Blobs.ReadAsync(blob.Digest, 0, 1, Cancel));
        Assert.Equal(blob.Bytes[12_345..54_321], await Blobs.ReadAsync(blob.Digest, 12_345, 54_321 - 12_345, Cancel));
        Assert.Equal(blob.Bytes[70_000..], await Blobs.ReadAsync(blob.Digest, 70_000, null, Cancel));
        Assert.Equal(blob.Digest, await HashAsync(hash => Blobs.HashBlobAsync(blob.Digest, hash, Cancel)));
        Assert.Contains(blob.Digest, await DigestsAsync());
        Assert.Null(await Blobs.GetUploadLengthAsync(upload, Cancel));
        Assert.DoesNotContain(upload, await UploadsAsync());
    }

    [Fact]
    public async Task Publishing_a_digest_that_exists_keeps_one_copy_and_drops_the_second_spool()
    {
        var blob = TestContent.Blob();
        var first = await Blobs.SpoolAsync(blob.Bytes, Cancel);
        var second = await Blobs.SpoolAsync(blob.Bytes, Cancel);

        await Blobs.PublishUploadAsync(first, blob.Digest, Cancel);
        await Blobs.PublishUploadAsync(second, blob.Digest, Cancel);

        Assert.Equal([blob.Digest], (await DigestsAsync()).Where(d => d == blob.Digest));
        Assert.Equal(blob.Bytes, await Blobs.ReadAsync(blob.Digest, 0, null, Cancel));
        Assert.Empty(await UploadsAsync());
    }

    [Fact]
    public async Task An_empty_blob_publishes_and_reads_back_empty()
    {
        var blob = new TestBlob([]);
        var upload = await Blobs.SpoolAsync(blob.Bytes, Cancel, 0);

        await Blobs.PublishUploadAsync(upload, blob.Digest, Cancel);

        Assert.Equal(0, (await Blobs.FindAsync(blob.Digest, Cancel))?.Length);
        Assert.Empty(await Blobs.ReadAsync(blob.Digest, 0, null, Cancel));
        Assert.Equal(blob.Digest, await HashAsync(hash => Blobs.HashBlobAsync(blob.Digest, hash, Cancel)));
    }

    [Fact]
    public async Task An_upload_counts_and_hashes_what_was_appended_and_is_gone_once_deleted()
    {
        var blob = TestContent.Blob(5000);
        var upload = UploadId.New();
        await Blobs.CreateUploadAsync(upload, Cancel);
        Assert.Equal(0, await Blobs.GetUploadLengthAsync(upload, Cancel));
        Assert.Contains(upload, await UploadsAsync());

        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        using (var body = new MemoryStream(blob.Bytes, 0, 3000))
        {
            Assert.Equal(3000, await Blobs.AppendUploadAsync(upload, body, 0, hash, Cancel));
        }
        Assert.Equal(3000, await Blobs.GetUploadLengthAsync(upload, Cancel));
        // What a replica that did not see the first request does before it appends: hash what the spool holds.
        Assert.Equal(Digest.Sha256(blob.Bytes.AsSpan(0, 3000)), await HashAsync(hash => Blobs.HashUploadAsync(upload, hash, Cancel)));

        await Blobs.DeleteUploadAsync(upload, Cancel);

        Assert.Null(await Blobs.GetUploadLengthAsync(upload, Cancel));
        Assert.DoesNotContain(upload, await UploadsAsync());
    }

    [Fact]
    public async Task A_deleted_blob_is_gone_and_deleting_it_again_says_there_was_none()
    {
        var kept = TestContent.Blob();
        var deleted = TestContent.Blob();
        foreach (var blob in new[] { kept, deleted }) await Blobs.PublishUploadAsync(await Blobs.SpoolAsync(blob.Bytes, Cancel), blob.Digest, Cancel);

        Assert.True(await Blobs.DeleteBlobAsync(deleted.Digest, Cancel));

        Assert.False(await Blobs.DeleteBlobAsync(deleted.Digest, Cancel));
        Assert.Null(await Blobs.FindAsync(deleted.Digest, Cancel));
        Assert.Equal([kept.Digest], await DigestsAsync());
        Assert.Equal(kept.Bytes, await Blobs.ReadAsync(kept.Digest, 0, null, Cancel));
    }

    [Fact]
    public async Task A_quarantined_blob_is_no_longer_served_or_listed()
    {
        var blob = TestContent.Blob();
        await Blobs.PublishUploadAsync(await Blobs.SpoolAsync(blob.Bytes, Cancel), blob.Digest, Cancel);

        await Blobs.QuarantineBlobAsync(blob.Digest, Cancel);

        Assert.Null(await Blobs.FindAsync(blob.Digest, Cancel));
        Assert.Empty(await DigestsAsync());
    }

    private async Task<List<Digest>> DigestsAsync() => await Blobs.EnumerateBlobsAsync(Cancel).Select(b => b.Digest).ToListAsync(Cancel);

    private async Task<List<UploadId>> UploadsAsync() => await Blobs.EnumerateUploadsAsync(Cancel).ToListAsync(Cancel);

    private static async Task<Digest> HashAsync(Func<IncrementalHash, Task> feed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await feed(hash);
        return Digest.FromHash(DigestAlgorithm.Sha256, hash.GetCurrentHash());
    }
}
