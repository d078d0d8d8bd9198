namespace Appliance.Registry.Api;

public static class RegistryHeaders
{
    public const string ApiVersion = "Docker-Distribution-API-Version";
    public const string ContentDigest = "Docker-Content-Digest";
    public const string UploadUuid = "Docker-Upload-UUID";
    public const string OciSubject = "OCI-Subject";
    public const string OciFiltersApplied = "OCI-Filters-Applied";

    /// <summary>The inclusive byte range received so far; "0-0" for an empty upload, as distribution answers.</summary>
    public static string UploadRange(long length) => $"0-{Math.Max(length - 1, 0)}";
}
