using System.Security.Cryptography;
using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Storage.Contract.Tests;

/// <summary>What the registry's services do with the stores, reduced to the calls a contract needs.</summary>
public static class StoreOperations
{
    /// <summary>Spools <paramref name="bytes"/> into a new upload in the given pieces, hashing them; the upload is durable, not published.</summary>
    public static async Task<UploadId> SpoolAsync(this IBlobStore blobs, byte[] bytes, CancellationToken cancellationToken, params int[] pieces)
    {
        var id = UploadId.New();
        await blobs.CreateUploadAsync(id, cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var offset = 0L;
        foreach (var piece in pieces.Length > 0 ? pieces : [bytes.Length])
        {
            using var body = new MemoryStream(bytes, (int)offset, piece);
            offset = await blobs.AppendUploadAsync(id, body, offset, hash, cancellationToken);
        }
        Assert.Equal(bytes.LongLength, offset);
        Assert.Equal(SHA256.HashData(bytes), hash.GetCurrentHash());
        await blobs.SyncUploadAsync(id, cancellationToken);
        return id;
    }

    public static async Task<byte[]> ReadAsync(this IBlobStore blobs, Core.Content.Digest digest, long offset, long? length,
        CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(digest, offset, length, cancellationToken);
        using var copy = new MemoryStream();
        // A file stream runs to the end of the file: readers stop after the length they asked for.
        var buffer = new byte[8192];
        long left = length ?? long.MaxValue;
        int read;
        while (left > 0 && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken)) > 0)
        {
            copy.Write(buffer, 0, read);
            left -= read;
        }
        return copy.ToArray();
    }

    /// <summary>Uploads the blob's bytes and links them into <paramref name="repository"/>, as a finished push does.</summary>
    public static async Task PushAsync(this EngineStore store, RepositoryName repository, TestBlob blob, CancellationToken cancellationToken)
    {
        var blobs = store.Get<IBlobStore>();
        var id = await blobs.SpoolAsync(blob.Bytes, cancellationToken);
        await store.Get<IUploadSessions>().CreateAsync(new UploadSession(id, repository, store.Clock.GetUtcNow()), cancellationToken);
        await store.Get<IBlobIndex>().LinkUploadAsync(repository, blob.Digest, blob.Size, id,
            cancel => blobs.PublishUploadAsync(id, blob.Digest, cancel), cancellationToken);
    }

    /// <summary>Stores the manifest, which must be accepted.</summary>
    public static async Task PutAsync(this EngineStore store, RepositoryName repository, TestManifest manifest, string? tag,
        CancellationToken cancellationToken) =>
        Assert.Empty(await store.Get<IManifestIndex>().PutAsync(repository, manifest.Stored, manifest.Parsed, tag, cancellationToken));

    /// <summary>Pushes a config and <paramref name="layers"/> new layers, then an image manifest over them.</summary>
    public static async Task<(TestManifest Manifest, TestBlob[] Blobs)> PushImageAsync(this EngineStore store, RepositoryName repository,
        string? tag, CancellationToken cancellationToken, int layers = 1)
    {
        var blobs = Enumerable.Range(0, layers + 1).Select(_ => TestContent.Blob()).ToArray();
        foreach (var blob in blobs) await store.PushAsync(repository, blob, cancellationToken);
        var manifest = TestContent.Image(blobs);
        await store.PutAsync(repository, manifest, tag, cancellationToken);
        return (manifest, blobs);
    }
}
