using Appliance.Core.Content;
using Appliance.Core.Services;

namespace Appliance.Registry.Api;

/// <summary>
/// A blob of known length as a seekable stream that opens the store's read only when the first byte is wanted, from the
/// position the web server seeked to: ASP.NET Core's range processing (206, HEAD, If-Range) then works for blobs that
/// have no local file, and a HEAD or a 304 never touches the store. A range read stops early; disposing the stream
/// abandons the rest of the store's response.
/// </summary>
public sealed class BlobReadStream(BlobService blobs, Digest digest, long length) : Stream
{
    private Stream? _open;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        if (target != _position) CloseOpenRead();
        _position = target;
        return target;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length) return 0;
        _open ??= await blobs.OpenReadAsync(digest, _position, length - _position, cancellationToken);
        var read = await _open.ReadAsync(buffer, cancellationToken);
        if (read == 0) throw new IOException($"blob {digest} ended after {_position} of its {length} bytes");
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush() { }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) CloseOpenRead();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_open is not null) await _open.DisposeAsync();
        _open = null;
        await base.DisposeAsync();
    }

    private void CloseOpenRead()
    {
        _open?.Dispose();
        _open = null;
    }
}
