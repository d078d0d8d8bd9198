using Appliance.Core.Configuration;
using Appliance.Core.Errors;
using Appliance.Core.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Core.Services;

/// <summary>
/// Refuses new upload data while the blob filesystem is nearly full. Free space is read at most
/// once a second (a chunk does not need a fresh statfs); bytes written in between are subtracted.
/// A store without a fixed capacity (an object store) has no reserve: uploads are never refused for space.
/// </summary>
public sealed class StorageReserve(IBlobStore store, IOptions<RegistryOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private (StorageSpace? Space, DateTimeOffset ReadAt)? _last;

    public void EnsureRoomForUploads()
    {
        if (CurrentSpace() is not { } space) return;
        var reserve = ReserveOf(space);
        if (space.AvailableBytes < reserve)
        {
            throw new RegistryException(OciErrorCode.StorageFull,
                $"the registry has {space.AvailableBytes / (1 << 20)} MiB free, below its reserve of {reserve / (1 << 20)} MiB: "
                + "uploads are refused until space is freed (delete images, then run gc); pulls keep working",
                new { availableBytes = space.AvailableBytes, reserveBytes = reserve });
        }
    }

    /// <summary>The free space below which uploads are refused on a filesystem of this size.</summary>
    public long ReserveOf(StorageSpace space) => (long)Math.Min(options.Value.ReserveBytes, space.TotalBytes * options.Value.ReservePercent / 100);

    /// <summary>Counts bytes written since the last reading, so fast uploads cannot outrun a cached figure.</summary>
    public void Consumed(long bytes)
    {
        lock (_gate)
        {
            if (_last is { Space: { } space } last) _last = (space with { AvailableBytes = space.AvailableBytes - bytes }, last.ReadAt);
        }
    }

    /// <summary>Forgets the cached reading, e.g. after a write failed for lack of space.</summary>
    public void Invalidate()
    {
        lock (_gate) _last = null;
    }

    private StorageSpace? CurrentSpace()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && now - last.ReadAt < Freshness) return last.Space;
            var space = store.GetSpace();
            _last = (space, now);
            return space;
        }
    }
}
