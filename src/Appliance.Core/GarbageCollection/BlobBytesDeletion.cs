using Appliance.Core.Content;
using Microsoft.Extensions.Logging;

namespace Appliance.Core.GarbageCollection;

/// <summary>
/// Deletes the bytes of a sweep's blobs a few at a time: a file unlink mostly waits on the filesystem's journal (0.2-0.3 ms
/// each on ext4 with online discard) and an object delete on a round trip, and neither waits on the others. A blob whose
/// bytes could not be deleted keeps its record, so the next collection tries again.
/// </summary>
public static class BlobBytesDeletion
{
    private const int InParallel = 4;

    /// <returns>The candidates whose bytes are gone.</returns>
    public static async Task<List<(Digest Digest, long Size)>> DeleteAsync(IReadOnlyList<(Digest Digest, long Size)> candidates,
        Func<Digest, CancellationToken, Task<bool>> deleteBytes, ILogger logger, CancellationToken cancellationToken)
    {
        var deleted = new bool[candidates.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = InParallel, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, candidates.Count, options, async (i, cancel) =>
        {
            try
            {
                await deleteBytes(candidates[i].Digest, cancel);
                deleted[i] = true;
            }
            catch (IOException e)
            {
                logger.LogWarning("Could not delete the bytes of blob {Digest} ({Reason}); keeping its record for the next run", candidates[i].Digest,
                    e.Message);
            }
        });
        return candidates.Where((_, i) => deleted[i]).ToList();
    }
}
