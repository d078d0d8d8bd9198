namespace Appliance.Core.Errors;

/// <summary>Error codes of the OCI distribution spec (plus the ones Docker clients know).</summary>
public enum OciErrorCode
{
    BlobUnknown,
    BlobUploadInvalid,
    BlobUploadUnknown,
    DigestInvalid,
    ManifestBlobUnknown,
    ManifestInvalid,
    ManifestUnknown,
    NameInvalid,
    NameUnknown,
    SizeInvalid,
    TagInvalid,
    Unauthorized,
    Denied,
    Unsupported,
    TooManyRequests,
    RangeInvalid,
    PaginationNumberInvalid,
    ManifestTooLarge,
    StorageFull,

    /// <summary>A service the request needs (the directory) cannot be reached: 503, as distribution's UNAVAILABLE.</summary>
    Unavailable,
}
