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
public sealed class FileSystemBlobStore : IBlobStore, IBlobFileAccess, ILocalUploadSpool
{
    /// <summary>Large reads and writes keep syscalls few; buffers are pooled so a push allocates nothing per chunk.</summary>
    private const int BufferBytes = 1024 * 1024;

    /// <summary>Two buffers per upload in flight; enough are kept for a few concurrent pushes.</summary>
    private const int RetainedBuffers = 8;

    private readonly string _blobs;
    private readonly string _uploads;
    private readonly string _quarantine;
    private readonly UploadAppender _appender = new(new AlignedBufferPool(BufferBytes, RetainedBuffers));

    public FileSystemBlobStore(IOptions<FileSystemStorageOptions> options)
    {
        _blobs = Path.GetFullPath(options.Value.BlobsDirectory);
        _uploads = Path.GetFullPath(options.Value.UploadsDirectory);
        _quarantine = Path.GetFullPath(options.Value.QuarantineDirectory);
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_uploads);
    }

    public Task<StoredBlob?> FindAsync(Digest digest, CancellationToken cancellationToken)
    {
        var file = new FileInfo(BlobPath(digest));
        return Task.FromResult(file.Exists ? new StoredBlob(file.Length) : null);
    }

    public string FileOf(Digest digest) => BlobPath(digest);

    public Task<Stream> OpenReadAsync(Digest digest, long offset, long? length, CancellationToken cancellationToken)
    {
        // Readers stop after the length they asked for; a file stream needs no bound of its own.
        var file = new FileStream(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        file.Position = offset;
        return Task.FromResult<Stream>(file);
    }

    /// <summary>Files are sent by the registry itself (sendfile).</summary>
    public Uri? GetDownloadUrl(Digest digest) => null;

    public Task CreateUploadAsync(UploadId id, CancellationToken cancellationToken)
    {
        using (new FileStream(UploadPath(id), FileMode.CreateNew, FileAccess.Write)) { }
        return Task.CompletedTask;
    }

    public bool TryLinkUpload(UploadId id, string file) => HardLink.TryCreate(Path.GetFullPath(file), UploadPath(id));

    public Task<long?> GetUploadLengthAsync(UploadId id, CancellationToken cancellationToken)
    {
        var file = new FileInfo(UploadPath(id));
        return Task.FromResult(file.Exists ? file.Length : (long?)null);
    }

    public Task<long> AppendUploadAsync(UploadId id, Stream source, long offset, IncrementalHash hash,
        CancellationToken cancellationToken) =>
        _appender.AppendAsync(UploadPath(id), source, offset, hash, cancellationToken);

    public Task HashUploadAsync(UploadId id, IncrementalHash hash, CancellationToken cancellationToken) =>
        HashFileAsync(UploadPath(id), hash, cancellationToken);

    public Task HashBlobAsync(Digest digest, IncrementalHash hash, CancellationToken cancellationToken) =>
        HashFileAsync(BlobPath(digest), hash, cancellationToken);

    public Task SyncUploadAsync(UploadId id, CancellationToken cancellationToken)
    {
        using var file = new FileStream(UploadPath(id), FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        file.Flush(flushToDisk: true);
        return Task.CompletedTask;
    }

    public Task PublishUploadAsync(UploadId id, Digest digest, CancellationToken cancellationToken)
    {
        Publish(id, digest);
        return Task.CompletedTask;
    }

    private void Publish(UploadId id, Digest digest)
    {
        var spool = UploadPath(id);
        var target = BlobPath(digest);
        if (File.Exists(target))
        {
            // Same digest, same bytes: the copy already published wins.
            File.Delete(spool);
            return;
        }
        var directory = Path.GetDirectoryName(target)!;
        EnsureDurableDirectory(directory);
        File.Move(spool, target);
        DirectorySync.Flush(directory);
    }

    public Task<bool> DeleteBlobAsync(Digest digest, CancellationToken cancellationToken)
    {
        var path = BlobPath(digest);
        if (!File.Exists(path)) return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task QuarantineBlobAsync(Digest digest, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_quarantine);
        var path = BlobPath(digest);
        if (File.Exists(path)) File.Move(path, Path.Combine(_quarantine, $"{digest.Algorithm.Name}-{digest.Hex}"), overwrite: true);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<BlobFile> EnumerateBlobsAsync(CancellationToken cancellationToken) => BlobFiles().ToAsyncEnumerable();

    public IAsyncEnumerable<UploadId> EnumerateUploadsAsync(CancellationToken cancellationToken) => UploadFiles().ToAsyncEnumerable();

    private IEnumerable<BlobFile> BlobFiles()
    {
        foreach (var algorithmDirectory in new DirectoryInfo(_blobs).EnumerateDirectories())
        {
            foreach (var file in algorithmDirectory.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                // Anything that is not named by its digest cannot be served; verify reports it as an orphan elsewhere.
                if (Digest.TryParse($"{algorithmDirectory.Name}:{file.Name}", out var digest))
                {
                    yield return new BlobFile(digest, file.Length, file.LastWriteTimeUtc);
                }
            }
        }
    }

    private IEnumerable<UploadId> UploadFiles()
    {
        foreach (var file in new DirectoryInfo(_uploads).EnumerateFiles())
        {
            if (UploadId.TryParse(file.Name, out var id)) yield return id;
        }
    }

    public StorageSpace? GetSpace()
    {
        var drive = new DriveInfo(_blobs);
        return new StorageSpace(drive.AvailableFreeSpace, drive.TotalSize);
    }

    public Task DeleteUploadAsync(UploadId id, CancellationToken cancellationToken)
    {
        File.Delete(UploadPath(id));
        return Task.CompletedTask;
    }

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

    private static async Task HashFileAsync(string path, IncrementalHash hash, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
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
}
