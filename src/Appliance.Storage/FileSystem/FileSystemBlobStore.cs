using System.Buffers;
using System.Security.Cryptography;
using Appliance.Core.Content;
using Appliance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Storage.FileSystem;

/// <summary>
/// Blobs live at <c>blobs/&lt;algorithm&gt;/&lt;first two hex&gt;/&lt;hex&gt;</c>; uploads are spooled to
/// <c>uploads/&lt;id&gt;</c> on the same filesystem so publishing a blob is one atomic rename.
/// Paths are built only from digests and upload ids, never from client-chosen names.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    /// <summary>Large writes keep syscalls few; the buffer is pooled so a push allocates nothing per chunk.</summary>
    private const int WriteBufferBytes = 1024 * 1024;

    private readonly string _blobs;
    private readonly string _uploads;

    public FileSystemBlobStore(IOptions<StorageOptions> options)
    {
        _blobs = Path.GetFullPath(options.Value.BlobsDirectory);
        _uploads = Path.GetFullPath(options.Value.UploadsDirectory);
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_uploads);
    }

    public StoredBlob? Find(Digest digest)
    {
        var file = new FileInfo(BlobPath(digest));
        return file.Exists ? new StoredBlob(file.FullName, file.Length) : null;
    }

    public Task CreateUploadAsync(UploadId id, CancellationToken cancellationToken)
    {
        using (new FileStream(UploadPath(id), FileMode.CreateNew, FileAccess.Write)) { }
        return Task.CompletedTask;
    }

    public long? GetUploadLength(UploadId id)
    {
        var file = new FileInfo(UploadPath(id));
        return file.Exists ? file.Length : null;
    }

    public async Task<long> AppendUploadAsync(UploadId id, Stream source, long offset, IncrementalHash hash,
        CancellationToken cancellationToken)
    {
        await using var file = new FileStream(UploadPath(id), new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Write, Share = FileShare.Read, BufferSize = 0, Options = FileOptions.Asynchronous,
        });
        file.Position = offset;
        var buffer = ArrayPool<byte>.Shared.Rent(WriteBufferBytes);
        try
        {
            while (true)
            {
                var filled = await FillAsync(source, buffer, cancellationToken);
                if (filled == 0) break;
                hash.AppendData(buffer, 0, filled);
                await file.WriteAsync(buffer.AsMemory(0, filled), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return file.Position;
    }

    public async Task HashUploadAsync(UploadId id, IncrementalHash hash, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(UploadPath(id), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(WriteBufferBytes);
        try
        {
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0) hash.AppendData(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Task CommitUploadAsync(UploadId id, Digest digest, CancellationToken cancellationToken)
    {
        var spool = UploadPath(id);
        var target = BlobPath(digest);
        if (File.Exists(target))
        {
            // Same digest, same bytes: the copy already published wins.
            File.Delete(spool);
            return Task.CompletedTask;
        }
        using (var file = new FileStream(spool, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
        {
            file.Flush(flushToDisk: true);
        }
        var directory = Path.GetDirectoryName(target)!;
        EnsureDurableDirectory(directory);
        File.Move(spool, target, overwrite: true);
        DirectorySync.Flush(directory);
        return Task.CompletedTask;
    }

    public void DeleteUpload(UploadId id) => File.Delete(UploadPath(id));

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(_uploads, $".probe-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(probe, [1], cancellationToken);
        File.Delete(probe);
    }

    private string BlobPath(Digest digest) => Path.Combine(_blobs, digest.Algorithm.Name, digest.Hex[..2], digest.Hex);

    private string UploadPath(UploadId id) => Path.Combine(_uploads, id.Value);

    /// <summary>Creates the fan-out directory and syncs its parent, so the new entry survives a crash too.</summary>
    private static void EnsureDurableDirectory(string directory)
    {
        if (Directory.Exists(directory)) return;
        var parent = Path.GetDirectoryName(directory)!;
        EnsureDurableDirectory(parent);
        Directory.CreateDirectory(directory);
        DirectorySync.Flush(parent);
    }

    /// <summary>Reads until the buffer is full or the body ends; request bodies arrive in small pieces.</summary>
    private static async ValueTask<int> FillAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }
}
