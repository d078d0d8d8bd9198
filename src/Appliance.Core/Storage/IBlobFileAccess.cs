using Appliance.Core.Content;

namespace Appliance.Core.Storage;

/// <summary>
/// What a blob store that keeps each blob as a local file may also offer: the file, so the web server can send it
/// directly (sendfile, ranges handled by the framework). Optional: other stores are read through <see cref="IBlobStore.OpenReadAsync"/>.
/// </summary>
public interface IBlobFileAccess
{
    /// <summary>The full path of the committed blob's file (which <see cref="IBlobStore.FindAsync"/> found).</summary>
    string FileOf(Digest digest);
}
