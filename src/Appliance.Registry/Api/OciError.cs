using Appliance.Core.Errors;

namespace Appliance.Registry.Api;

/// <summary>Maps the spec's error codes to their wire names and HTTP status, and writes the error body.</summary>
public static class OciError
{
    public static int StatusOf(OciErrorCode code) => code switch
    {
        OciErrorCode.BlobUnknown or OciErrorCode.BlobUploadUnknown or OciErrorCode.ManifestUnknown or OciErrorCode.NameUnknown => 404,
        OciErrorCode.Unauthorized => 401,
        OciErrorCode.Denied => 403,
        OciErrorCode.Unsupported => 405,
        OciErrorCode.ManifestTooLarge => 413,
        OciErrorCode.RangeInvalid => 416,
        OciErrorCode.TooManyRequests => 429,
        OciErrorCode.StorageFull => 507,
        OciErrorCode.Unavailable => 503,
        _ => 400,
    };

    public static string WireCode(OciErrorCode code) => code switch
    {
        OciErrorCode.BlobUnknown => "BLOB_UNKNOWN",
        OciErrorCode.BlobUploadInvalid or OciErrorCode.RangeInvalid => "BLOB_UPLOAD_INVALID",
        OciErrorCode.BlobUploadUnknown => "BLOB_UPLOAD_UNKNOWN",
        OciErrorCode.DigestInvalid => "DIGEST_INVALID",
        OciErrorCode.ManifestBlobUnknown => "MANIFEST_BLOB_UNKNOWN",
        OciErrorCode.ManifestInvalid or OciErrorCode.ManifestTooLarge => "MANIFEST_INVALID",
        OciErrorCode.ManifestUnknown => "MANIFEST_UNKNOWN",
        OciErrorCode.NameInvalid => "NAME_INVALID",
        OciErrorCode.NameUnknown => "NAME_UNKNOWN",
        OciErrorCode.SizeInvalid => "SIZE_INVALID",
        OciErrorCode.TagInvalid => "TAG_INVALID",
        OciErrorCode.Unauthorized => "UNAUTHORIZED",
        OciErrorCode.Denied => "DENIED",
        OciErrorCode.Unsupported => "UNSUPPORTED",
        OciErrorCode.TooManyRequests => "TOOMANYREQUESTS",
        OciErrorCode.PaginationNumberInvalid => "PAGINATION_NUMBER_INVALID",
        OciErrorCode.StorageFull => "DENIED",
        OciErrorCode.Unavailable => "UNAVAILABLE",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    public static Task WriteAsync(HttpContext context, RegistryException error) =>
        WriteAsync(context, error.Code, error.Message, error.Detail);

    public static Task WriteAsync(HttpContext context, OciErrorCode code, string message, object? detail = null)
    {
        var response = context.Response;
        response.StatusCode = StatusOf(code);
        if (HttpMethods.IsHead(context.Request.Method)) return Task.CompletedTask;
        var body = new { errors = new[] { new { code = WireCode(code), message, detail } } };
        return response.WriteAsJsonAsync(body, context.RequestAborted);
    }
}
