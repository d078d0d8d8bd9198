using Appliance.Core.Content;
using Appliance.Core.Migration;
using Appliance.Core.Services;
using Appliance.Core.Storage;

namespace Appliance.Core.Import;

/// <summary>
/// Takes the foreign content's blobs into the blob store as they stream by, through the publish path of a push (see
/// <see cref="BlobPublisher"/>): a blob this registry has already (recorded, with its bytes) is skipped without reading it,
/// one whose bytes do not hash to its digest is named and kept out. Blobs are recorded without a repository: the link that
/// makes a repository serve one is made with the manifest that needs it.
/// </summary>
/// <param name="link">Hard-link blobs that are files of their own into the store where it can, instead of copying them.</param>
internal sealed class BlobIntake(IBlobStore store, IBlobIndex index, Dictionary<Digest, long> recorded, bool link, TimeProvider clock,
    List<string> problems)
{
    private readonly BlobPublisher _publisher = new(store, index);
    private readonly HashSet<Digest> _available = [];
    private readonly Dictionary<Digest, string> _damaged = [];

    public long New { get; private set; }
    public long Present { get; private set; }
    public long BytesNew { get; private set; }
    public long BytesRead { get; private set; }
    public long Linked { get; private set; }

    public async Task TakeAsync(ForeignBlob blob, Action progress, CancellationToken cancellationToken)
    {
        var digest = blob.Digest;
        if (_available.Contains(digest)) return; // a second copy, e.g. in another volume
        if (await IsHereAsync(digest, blob.Length, cancellationToken))
        {
            Present++;
            return;
        }
        var upload = BlobPublisher.UploadIdOf(digest);
        // The spool of this blob that a killed import left behind.
        await store.DeleteUploadAsync(upload, cancellationToken);
        var record = new RecordedBlob(digest, blob.Length, InUse: false, clock.GetUtcNow());
        var intact = link && blob.File is { } file ? await _publisher.TryPublishLinkedAsync(record, file, cancellationToken) : null;
        if (intact is not null)
        {
            (Linked, BytesRead) = (Linked + 1, BytesRead + blob.Length);
            progress();
        }
        else intact = await CopyAsync(blob, record, progress, cancellationToken);
        if (intact != true)
        {
            _damaged[digest] = "damaged or cut short in the archive";
            problems.Add($"{blob.Origin}: its bytes are not the {blob.Length} bytes of {digest} (damaged or cut short): not stored");
            return;
        }
        _damaged.Remove(digest);
        _available.Add(digest);
        (New, BytesNew) = (New + 1, BytesNew + blob.Length);
    }

    private async Task<bool> CopyAsync(ForeignBlob blob, RecordedBlob record, Action progress, CancellationToken cancellationToken)
    {
        // Not disposed: the reader owns the stream (a tar's entry).
        var counted = new ProgressReadStream(blob.Content, read =>
        {
            BytesRead += read;
            progress();
        });
        try
        {
            return await _publisher.PublishAsync(record, counted, cancellationToken);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            return false; // the archive ends inside the blob
        }
    }

    /// <summary>Why a blob the content named cannot be had: damaged in it; null when it is fine or simply absent.</summary>
    public string? DamageOf(Digest digest) => _damaged.GetValueOrDefault(digest);

    /// <summary>Whether the store holds the blob now: taken in by this import, or recorded here before with its bytes present.</summary>
    public async Task<bool> HasAsync(Digest digest, CancellationToken cancellationToken)
    {
        if (_available.Contains(digest)) return true;
        if (!await IsHereAsync(digest, null, cancellationToken)) return false;
        _available.Add(digest);
        return true;
    }

    private async Task<bool> IsHereAsync(Digest digest, long? length, CancellationToken cancellationToken)
    {
        if (!recorded.TryGetValue(digest, out var size) || length is { } expected && expected != size) return false;
        if ((await store.FindAsync(digest, cancellationToken))?.Length != size) return false;
        _available.Add(digest);
        return true;
    }
}
