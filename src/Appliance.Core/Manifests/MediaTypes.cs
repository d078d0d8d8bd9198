namespace Appliance.Core.Manifests;

public static class MediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    public static bool IsIndex(string mediaType) => mediaType is DockerManifestList or OciIndex;

    public static bool IsImageManifest(string mediaType) => mediaType is DockerManifest or OciManifest;

    public static bool IsSchema1(string mediaType) => mediaType is DockerSchema1 or DockerSchema1Signed;

    /// <summary>Strips parameters such as "; charset=utf-8" that some clients append.</summary>
    public static string? Normalize(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var semicolon = contentType.IndexOf(';');
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }
}
