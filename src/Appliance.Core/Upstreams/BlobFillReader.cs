using Microsoft.Win32.SafeHandles;

namespace Appliance.Core.Upstreams;

/// <summary>A client's view of a <see cref="BlobFill"/>: reads what has arrived, waits for the rest.</summary>
internal sealed class BlobFillReader(BlobFill fill, SafeFileHandle handle) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => fill.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= fill.Length || buffer.Length == 0) return 0;
        var readable = await fill.WaitReadableAsync(_position, cancellationToken);
        var count = (int)Math.Min(buffer.Length, readable - _position);
        var read = await RandomAccess.ReadAsync(handle, buffer[..count], _position, cancellationToken);
        if (read == 0) throw new IOException($"the download of {fill.Digest} ended early");
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) handle.Dispose();
        base.Dispose(disposing);
    }
}
