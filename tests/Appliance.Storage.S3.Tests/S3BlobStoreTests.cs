using System.Security.Cryptography;
using Amazon.S3.Model;
using Appliance.Core.Content;
using Appliance.Core.Storage;
using Appliance.Testing;
using Microsoft.Extensions.Options;

namespace Appliance.Storage.S3.Tests;

/// <summary>The store on its own: two instances on one bucket stand for two registry replicas behind a load balancer.</summary>
public sealed class S3BlobStoreTests
{
    private const int MiB = 1024 * 1024;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chunks_of_odd_sizes_appended_alternately_by_two_replicas_publish_the_right_blob()
    {
        var ceph = await CephRgw.SharedAsync();
        var options = ceph.Options(await ceph.CreateBucketAsync(Cancel), prefix: "registry");
        using var first = new S3BlobStore(Options.Create(options), TimeProvider.System);
        using var second = new S3BlobStore(Options.Create(options), TimeProvider.System);
        // Parts are 16 MiB: these cross part boundaries mid-chunk, end exactly on one and leave tails of one byte.
        int[] sizes = [1, 3 * MiB, 7 * MiB, 6 * MiB - 1, 1, 17 * MiB, 15 * MiB, 33 * MiB + 5, 2];
        var content = new byte[sizes.Sum()];
        new Random(7).NextBytes(content);
        var id = UploadId.New();
        await first.CreateUploadAsync(id, Cancel);

        var offset = 0L;
        for (var i = 0; i < sizes.Length; i++)
        {
            // Like UploadService on a replica that did not see the previous chunk: re-hash what the bucket holds, then append.
            var replica = i % 2 == 0 ? first : second;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await replica.HashUploadAsync(id, hash, Cancel);
            using var chunk = new MemoryStream(content, (int)offset, sizes[i]);
            offset = await replica.AppendUploadAsync(id, chunk, offset, hash, Cancel);
            Assert.Equal(offset, await (i % 2 == 0 ? second : first).GetUploadLengthAsync(id, Cancel));
            Assert.Equal(SHA256.HashData(content.AsSpan(0, (int)offset)), hash.GetCurrentHash());
        }

        var digest = Digest.FromHash(DigestAlgorithm.Sha256, SHA256.HashData(content));
        await second.SyncUploadAsync(id, Cancel);
        await second.PublishUploadAsync(id, digest, Cancel);

        Assert.Equal(content.LongLength, (await first.FindAsync(digest, Cancel))?.Length);
        await using var read = await first.OpenReadAsync(digest, 0, null, Cancel);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, Cancel);
        Assert.Equal(content, copy.ToArray());
        Assert.Null(await first.GetUploadLengthAsync(id, Cancel));
        using var s3 = ceph.CreateClient();
        var left = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = options.Bucket, Prefix = "registry/uploads/" }, Cancel);
        Assert.Empty(left.S3Objects ?? []);
        var blobs = await first.EnumerateBlobsAsync(Cancel).ToListAsync(Cancel);
        Assert.Equal([digest], blobs.Select(b => b.Digest));
    }

    [Fact]
    public async Task A_second_publish_of_the_same_blob_only_drops_its_upload()
    {
        var ceph = await CephRgw.SharedAsync();
        var options = ceph.Options(await ceph.CreateBucketAsync(Cancel));
        using var store = new S3BlobStore(Options.Create(options), TimeProvider.System);
        var content = new byte[20 * MiB];
        new Random(8).NextBytes(content);
        var digest = Digest.FromHash(DigestAlgorithm.Sha256, SHA256.HashData(content));

        foreach (var _ in new[] { 1, 2 })
        {
            var id = UploadId.New();
            await store.CreateUploadAsync(id, Cancel);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await store.AppendUploadAsync(id, new MemoryStream(content), 0, hash, Cancel);
            await store.PublishUploadAsync(id, digest, Cancel);
            Assert.Null(await store.GetUploadLengthAsync(id, Cancel));
        }
        Assert.Equal(content.LongLength, (await store.FindAsync(digest, Cancel))?.Length);
        Assert.Empty(await store.EnumerateUploadsAsync(Cancel).ToListAsync(Cancel));
        Assert.True(await store.DeleteBlobAsync(digest, Cancel));
        Assert.False(await store.DeleteBlobAsync(digest, Cancel));
    }

    [Fact]
    public async Task Deleting_an_upload_aborts_the_multipart_upload_a_dead_replica_left_behind()
    {
        var ceph = await CephRgw.SharedAsync();
        var options = ceph.Options(await ceph.CreateBucketAsync(Cancel));
        using var store = new S3BlobStore(Options.Create(options), TimeProvider.System);
        var id = UploadId.New();
        await store.CreateUploadAsync(id, Cancel);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await store.AppendUploadAsync(id, new MemoryStream(new byte[20 * MiB]), 0, hash, Cancel);
        // What a replica that died in the middle of its append leaves: a multipart upload of the next segment.
        using var s3 = ceph.CreateClient();
        await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = options.Bucket, Key = $"uploads/{id}/segment-00002" }, Cancel);
        Assert.Equal(20 * MiB, await store.GetUploadLengthAsync(id, Cancel));

        await store.DeleteUploadAsync(id, Cancel);

        Assert.Null(await store.GetUploadLengthAsync(id, Cancel));
        var multipart = await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = options.Bucket }, Cancel);
        Assert.Empty(multipart.MultipartUploads ?? []);
        var objects = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = options.Bucket }, Cancel);
        Assert.Empty(objects.S3Objects ?? []);
    }
}
