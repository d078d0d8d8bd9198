namespace Appliance.Core.Releases;

/// <summary>Why a release could not be checked; the message is written for the operator.</summary>
public sealed class ReleaseCheckException(ReleaseCheckFailure failure, string message) : Exception(message)
{
    public ReleaseCheckFailure Failure { get; } = failure;
}

public enum ReleaseCheckFailure
{
    /// <summary>The reference or a --source cannot be used as given.</summary>
    BadInput,

    /// <summary>The release is not in this registry under that reference.</summary>
    UnknownRelease,

    /// <summary>The image is stored but is not a readable release image (no payload files, broken layer).</summary>
    NotARelease,

    /// <summary>The release's own content is missing from the store: the mirror is incomplete or damaged.</summary>
    Damaged,
}
