using Appliance.Core.Names;
using Appliance.Core.Storage;

namespace Appliance.Core.Services;

/// <summary>Where an upload session stands: the client resumes from <see cref="Length"/>.</summary>
public sealed record UploadStatus(RepositoryName Repository, UploadId Id, long Length)
{
    /// <summary>Set when a chunk did not start where the upload ends (the client must resume from <see cref="Length"/>).</summary>
    public bool OutOfOrder { get; init; }
}
