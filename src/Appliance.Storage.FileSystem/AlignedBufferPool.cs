using System.Collections.Concurrent;

namespace Appliance.Storage.FileSystem;

/// <summary>
/// Reusable write buffers aligned for direct I/O. They live on the pinned object heap so their address
/// never moves; a few are kept for the next upload, extra ones under a burst of pushes are left to the GC.
/// </summary>
internal sealed class AlignedBufferPool(int bufferBytes, int retained)
{
    private readonly ConcurrentBag<Memory<byte>> _free = [];

    public int BufferBytes => bufferBytes;

    public Memory<byte> Rent() => _free.TryTake(out var buffer) ? buffer : Allocate();

    public void Return(Memory<byte> buffer)
    {
        if (_free.Count < retained) _free.Add(buffer);
    }

    private unsafe Memory<byte> Allocate()
    {
        var array = GC.AllocateUninitializedArray<byte>(bufferBytes + DirectIo.Alignment, pinned: true);
        fixed (byte* start = array)
        {
            var misalignment = (int)((nuint)start % DirectIo.Alignment);
            var offset = misalignment == 0 ? 0 : DirectIo.Alignment - misalignment;
            return array.AsMemory(offset, bufferBytes);
        }
    }
}
