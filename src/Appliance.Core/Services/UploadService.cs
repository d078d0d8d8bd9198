using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Names;
using Appliance.Core.Quotas;
using Appliance.Core.Storage;

namespace Appliance.Core.Services;

/// <summary>Blob upload sessions: start, append (streamed or chunked), complete with digest check, cancel.</summary>
public sealed class UploadService(
    IBlobStore blobStore,
    IBlobIndex blobIndex,
    IUploadSessions sessions,
    UploadHashStates hashStates,
    StorageReserve reserve,
    QuotaGate quotas,
    TimeProvider clock)
{
    /// <summary>errno of "No space left on device", which .NET reports as the IOException's HResult on Linux.</summary>
    private const int NoSpaceLeft = 28;

    public async Task<UploadStatus> StartAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        reserve.EnsureRoomForUploads();
        await quotas.EnsureUploadAllowedAsync(repository, cancellationToken);
        var id = UploadId.New();
        await blobStore.CreateUploadAsync(id, cancellationToken);
        await sessions.CreateAsync(new UploadSession(id, repository, clock.GetUtcNow()), cancellationToken);
        return new UploadStatus(repository, id, 0);
    }

    public async Task<UploadStatus> GetStatusAsync(RepositoryName repository, UploadId id, CancellationToken cancellationToken)
    {
        await RequireSessionAsync(repository, id, cancellationToken);
        return new UploadStatus(repository, id, await SpooledLengthAsync(id, cancellationToken));
    }

    /// <summary>
    /// Appends a chunk. With a <paramref name="range"/> the chunk must start where the upload ends;
    /// otherwise the status comes back marked out of order and nothing is written.
    /// </summary>
    public async Task<UploadStatus> AppendAsync(RepositoryName repository, UploadId id, Stream body, ContentRange? range,
        long? contentLength, CancellationToken cancellationToken)
    {
        await RequireSessionAsync(repository, id, cancellationToken);
        reserve.EnsureRoomForUploads();
        await quotas.EnsureUploadAllowedAsync(repository, cancellationToken);
        using var state = hashStates.Acquire(id);
        var length = await SpooledLengthAsync(id, cancellationToken);
        if (range is { } r)
        {
            if (r.Start != length) return new UploadStatus(repository, id, length) { OutOfOrder = true };
            if (contentLength is { } declared && declared != r.Length)
            {
                throw new RegistryException(OciErrorCode.BlobUploadInvalid,
                    $"Content-Range covers {r.Length} bytes but Content-Length is {declared}");
            }
        }
        length = await AppendHashedAsync(id, state, body, length, cancellationToken);
        return new UploadStatus(repository, id, length);
    }

    /// <summary>Appends an optional last chunk, verifies the digest and publishes the blob in the repository.</summary>
    public async Task<Digest> CompleteAsync(RepositoryName repository, UploadId id, Digest expected, Stream? body,
        CancellationToken cancellationToken)
    {
        await RequireSessionAsync(repository, id, cancellationToken);
        if (body is not null) reserve.EnsureRoomForUploads();
        await quotas.EnsurePublishAllowedAsync(repository, cancellationToken);
        using var state = hashStates.Acquire(id);
        var length = await SpooledLengthAsync(id, cancellationToken);
        if (body is not null) length = await AppendHashedAsync(id, state, body, length, cancellationToken);

        var actual = await ComputeDigestAsync(id, state, length, expected.Algorithm, cancellationToken);
        if (actual != expected)
        {
            await DiscardAsync(id, cancellationToken);
            throw new RegistryException(OciErrorCode.DigestInvalid,
                $"uploaded content has digest {actual}, not {expected}", new { expected = expected.ToString(), actual = actual.ToString() });
        }

        await blobStore.SyncUploadAsync(id, cancellationToken);
        await blobIndex.LinkUploadAsync(repository, actual, length, id, cancel => blobStore.PublishUploadAsync(id, actual, cancel), cancellationToken);
        hashStates.Forget(id);
        return actual;
    }

    /// <summary>The single-request upload: POST with <c>?digest=</c> and the whole blob as body.</summary>
    public async Task<Digest> UploadMonolithicAsync(RepositoryName repository, Digest expected, Stream body,
        CancellationToken cancellationToken)
    {
        var status = await StartAsync(repository, cancellationToken);
        try
        {
            return await CompleteAsync(repository, status.Id, expected, body, cancellationToken);
        }
        catch
        {
            await DiscardAsync(status.Id, CancellationToken.None);
            throw;
        }
    }

    public async Task CancelAsync(RepositoryName repository, UploadId id, CancellationToken cancellationToken)
    {
        await RequireSessionAsync(repository, id, cancellationToken);
        using (hashStates.Acquire(id))
        {
            await DiscardAsync(id, cancellationToken);
        }
    }

    private async Task<long> AppendHashedAsync(UploadId id, UploadHashState state, Stream body, long length,
        CancellationToken cancellationToken)
    {
        if (state.HashedLength != length)
        {
            state.Reset();
            await blobStore.HashUploadAsync(id, state.Hash, cancellationToken);
            state.HashedLength = length;
        }
        try
        {
            var newLength = await blobStore.AppendUploadAsync(id, body, length, state.Hash, cancellationToken);
            state.HashedLength = newLength;
            reserve.Consumed(newLength - length);
            return newLength;
        }
        catch (IOException e) when (e.HResult == NoSpaceLeft)
        {
            // A full disk fails this upload cleanly: its partial spool goes, so nothing half-written remains.
            reserve.Invalidate();
            await DiscardAsync(id, CancellationToken.None);
            throw new RegistryException(OciErrorCode.StorageFull, "the registry ran out of disk space during this upload; it was discarded");
        }
        catch
        {
            // The hash may have seen bytes the file did not keep; rebuild it from disk next time.
            state.HashedLength = -1;
            throw;
        }
    }

    private async Task<Digest> ComputeDigestAsync(UploadId id, UploadHashState state, long length, DigestAlgorithm algorithm,
        CancellationToken cancellationToken)
    {
        if (algorithm == DigestAlgorithm.Sha256 && state.HashedLength == length)
        {
            return Digest.FromHash(algorithm, state.Hash.GetCurrentHash());
        }
        // sha512 uploads are rare: the client only names the algorithm at the end, so hash again.
        using var hash = algorithm.CreateIncrementalHash();
        await blobStore.HashUploadAsync(id, hash, cancellationToken);
        return Digest.FromHash(algorithm, hash.GetHashAndReset());
    }

    private async Task DiscardAsync(UploadId id, CancellationToken cancellationToken)
    {
        await blobStore.DeleteUploadAsync(id, cancellationToken);
        await sessions.DeleteAsync(id, cancellationToken);
        hashStates.Forget(id);
    }

    private async Task RequireSessionAsync(RepositoryName repository, UploadId id, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(id, cancellationToken);
        if (session is null || session.Repository != repository) throw UnknownUpload(id);
    }

    private async Task<long> SpooledLengthAsync(UploadId id, CancellationToken cancellationToken) =>
        await blobStore.GetUploadLengthAsync(id, cancellationToken) ?? throw UnknownUpload(id);

    private static RegistryException UnknownUpload(UploadId id) =>
        new(OciErrorCode.BlobUploadUnknown, $"upload {id} is unknown or has ended");
}
