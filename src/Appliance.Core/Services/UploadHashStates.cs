using System.Collections.Concurrent;
using System.Security.Cryptography;
using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Storage;

namespace Appliance.Core.Services;

/// <summary>
/// Keeps the running sha256 of every upload in progress so chunked uploads are hashed once, as
/// they are written. The state is only a cache: when it is missing (after a restart) or does not
/// match the spooled length, the spool is re-hashed from disk.
/// </summary>
public sealed class UploadHashStates
{
    private readonly ConcurrentDictionary<UploadId, UploadHashState> _states = new();

    /// <summary>Exclusive access to one upload; a second concurrent request on it is refused.</summary>
    public UploadHashState Acquire(UploadId id)
    {
        var state = _states.GetOrAdd(id, _ => new UploadHashState());
        if (!state.TryEnter())
        {
            throw new RegistryException(OciErrorCode.BlobUploadInvalid, "another request is writing to this upload");
        }
        return state;
    }

    public void Forget(UploadId id)
    {
        if (_states.TryRemove(id, out var state)) state.DisposeHash();
    }
}

public sealed class UploadHashState : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IncrementalHash Hash { get; private set; } = DigestAlgorithm.Sha256.CreateIncrementalHash();

    /// <summary>How many bytes <see cref="Hash"/> has seen; -1 when it must be rebuilt.</summary>
    public long HashedLength { get; set; }

    internal bool TryEnter() => _gate.Wait(0);

    public void Reset()
    {
        Hash.Dispose();
        Hash = DigestAlgorithm.Sha256.CreateIncrementalHash();
        HashedLength = 0;
    }

    internal void DisposeHash() => Hash.Dispose();

    /// <summary>Releases the upload for the next request.</summary>
    public void Dispose() => _gate.Release();
}
