using System.Buffers;
using System.Collections.Concurrent;

namespace Appliance.Registry.Hosting;

/// <summary>
/// Connection buffers in blocks of <see cref="BlockBytes"/>. Kestrel's own pool hands out 4 KiB blocks, so every
/// socket read returns at most 4 KiB: a 512 MiB layer push took 130,000 receive calls and as many trips through
/// the request pipe. Blocks are pinned (sockets read into them) and reused; an idle server holds none.
/// </summary>
public sealed class LargeBlockMemoryPool(int retainedBlocks) : MemoryPool<byte>
{
    public const int BlockBytes = 64 * 1024;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;
    private bool _disposed;

    public override int MaxBufferSize => BlockBytes;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockBytes);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            return block;
        }
        return new Block(this, GC.AllocateUninitializedArray<byte>(BlockBytes, pinned: true));
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _free.Clear();
    }

    private void Return(Block block)
    {
        // Beyond what a busy moment needs, blocks go back to the GC rather than being held forever.
        if (_disposed || Interlocked.Increment(ref _freeCount) > retainedBlocks)
        {
            if (!_disposed) Interlocked.Decrement(ref _freeCount);
            return;
        }
        _free.Enqueue(block);
    }

    private sealed class Block(LargeBlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory => array;

        public void Dispose() => pool.Return(this);
    }
}
