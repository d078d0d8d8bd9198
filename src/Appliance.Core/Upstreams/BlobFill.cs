using Appliance.Core.Content;
using Appliance.Core.Names;

namespace Appliance.Core.Upstreams;

/// <summary>
/// One blob on its way from an upstream into the store: written to a file of its own as it arrives, while any number of
/// readers follow the writer through that file. The last byte is held back until the whole blob's digest is verified, so
/// no reader ever receives a complete blob that is not the one it asked for; on a failure the readers' streams break.
/// </summary>
public sealed class BlobFill
{
    private readonly TaskCompletionSource _verified = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly HashSet<RepositoryName> _repositories = [];
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _written;
    private bool _closed;

    public BlobFill(string path, Digest digest, long length)
    {
        Path = path;
        Digest = digest;
        Length = length;
    }

    public string Path { get; }
    public Digest Digest { get; }
    public long Length { get; }

    /// <summary>Completes when every byte arrived and the digest matched; faults when the fill failed.</summary>
    public Task Verified => _verified.Task;

    public void Advance(long written)
    {
        Volatile.Write(ref _written, written);
        Signal();
    }

    public void Complete()
    {
        _verified.TrySetResult();
        Signal();
    }

    public void Fail(Exception error)
    {
        _verified.TrySetException(error);
        Signal();
    }

    /// <summary>
    /// A reader from the first byte for a pull of <paramref name="repository"/>, which is linked to the blob once it is stored;
    /// null once the fill's file is gone (the blob is in the store by then, or the fill failed).
    /// </summary>
    public Stream? TryOpenReader(RepositoryName repository)
    {
        lock (_lock)
        {
            if (_closed) return null;
            _repositories.Add(repository);
            var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new BlobFillReader(this, handle);
        }
    }

    /// <summary>Removes the fill's file (readers that opened it keep reading it) and returns the repositories that asked for the blob.</summary>
    public IReadOnlyList<RepositoryName> Close()
    {
        lock (_lock)
        {
            _closed = true;
            File.Delete(Path);
            return [.. _repositories];
        }
    }

    /// <summary>How far a reader at <paramref name="position"/> may read: waits until that is past it.</summary>
    internal async ValueTask<long> WaitReadableAsync(long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            var progress = Volatile.Read(ref _progress).Task;
            if (_verified.Task.IsCompletedSuccessfully) return Length;
            if (_verified.Task.IsFaulted)
            {
                throw new IOException($"the download of {Digest} from its upstream failed", _verified.Task.Exception!.InnerException);
            }
            var readable = Math.Min(Volatile.Read(ref _written), Length - 1);
            if (readable > position) return readable;
            await progress.WaitAsync(cancellationToken);
        }
    }

    private void Signal() => Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
