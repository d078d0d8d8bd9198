using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Appliance.Registry.Hosting;

/// <summary>Gives Kestrel's connections <see cref="LargeBlockMemoryPool"/>s instead of its 4 KiB-block pool.</summary>
public sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    /// <summary>16 MiB kept for reuse per pool: a few large transfers in flight, released when they end.</summary>
    private const int RetainedBlocks = 256;

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool(RetainedBlocks);
}
