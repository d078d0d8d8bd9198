namespace Appliance.Testing;

/// <summary>
/// Pseudo-random bytes on demand (not cryptographic: only incompressible). It reports itself
/// seekable so the tar writer can read its length up front; it only ever "seeks" to where it is.
/// </summary>
public sealed class RandomStream(long length, int seed) : Stream
{
    private readonly Random _random = new(seed);
    private long _position;

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        _random.NextBytes(buffer[..count]);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => Seek(value, SeekOrigin.Begin); }
    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset };
        return target == _position ? _position : throw new NotSupportedException("random data can only be read forward");
    }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
