using System.Globalization;
using Appliance.Core.Content;
using Appliance.Core.Errors;
using Appliance.Core.Names;

namespace Appliance.Registry.Api;

/// <summary>Parses client-supplied values, rejecting bad ones with the spec's error codes.</summary>
public static class RequestValues
{
    public static Digest RequireDigest(string? value) =>
        Digest.TryParse(value, out var digest)
            ? digest
            : throw new RegistryException(OciErrorCode.DigestInvalid, $"'{value}' is not a supported digest (sha256 or sha512, lower-case hex)");

    public static ManifestReference RequireReference(string value) =>
        ManifestReference.TryParse(value, out var reference)
            ? reference
            : value.Contains(':')
                ? throw new RegistryException(OciErrorCode.DigestInvalid, $"'{value}' is not a supported digest")
                : throw new RegistryException(OciErrorCode.TagInvalid, $"'{value}' is not a valid tag");

    public static int? OptionalPageSize(HttpRequest request)
    {
        var text = request.Query["n"].ToString();
        if (text.Length == 0) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new RegistryException(OciErrorCode.PaginationNumberInvalid, $"n must be a non-negative number, not '{text}'");
    }

    public static string? OptionalQuery(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    /// <summary>Whether the request carries a body to read (declared length, or chunked transfer).</summary>
    public static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 || request.ContentLength is null && request.Headers.TransferEncoding.Count > 0;
}
