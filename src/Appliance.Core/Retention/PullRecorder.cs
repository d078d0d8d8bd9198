using System.Collections.Concurrent;
using Appliance.Core.Content;
using Appliance.Core.Names;
using Microsoft.Extensions.Logging;

namespace Appliance.Core.Retention;

/// <summary>
/// Remembers manifest pulls in memory, off the pull's path (one dictionary write), and writes them to the store in batches when
/// flushed: each manifest at most once per <see cref="Resolution"/>, however often it is pulled, so "pulled within 30 days"
/// costs the pulls nothing and the database one row per pulled manifest per minute at most.
/// </summary>
public sealed class PullRecorder(IRetentionStore store, TimeProvider clock, ILogger<PullRecorder> logger)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    /// <summary>Last pull time in UTC ticks: a long is written in place, where a DateTimeOffset value would take a new node per pull.</summary>
    private ConcurrentDictionary<(RepositoryName, Digest), long> _pending = new();

    /// <summary>When each manifest's pull was last written: a pull within <see cref="Resolution"/> of it is not written again.</summary>
    private readonly Dictionary<(RepositoryName, Digest), DateTimeOffset> _written = [];

    private readonly SemaphoreSlim _flushing = new(1, 1);

    /// <summary>Rows written so far (for tests and the log).</summary>
    public long Writes { get; private set; }

    public void Record(RepositoryName repository, Digest digest) => _pending[(repository, digest)] = clock.GetUtcNow().UtcTicks;

    /// <summary>Writes the pulls recorded since the last flush that are due; returns the rows written.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            foreach (var stale in _written.Where(w => now - w.Value >= Resolution).Select(w => w.Key).ToList()) _written.Remove(stale);
            if (_pending.IsEmpty) return 0;
            var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(RepositoryName, Digest), long>());
            var due = batch.Where(p => !_written.ContainsKey(p.Key)).Select(p => new ManifestPull(p.Key.Item1, p.Key.Item2, new DateTimeOffset(p.Value, TimeSpan.Zero))).ToList();
            if (due.Count == 0) return 0;
            try
            {
                await store.RecordPullsAsync(due, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Lost pull times only make "pulled within" rules keep less; the pulls themselves succeeded. The next pull records them again.
                logger.LogWarning(e, "Could not record {Count} manifest pulls", due.Count);
                return 0;
            }
            foreach (var pull in due) _written[(pull.Repository, pull.Digest)] = now;
            Writes += due.Count;
            return due.Count;
        }
        finally
        {
            _flushing.Release();
        }
    }
}
