namespace Appliance.Registry.Api;

public enum RegistryResource
{
    Blob,
    UploadStart,
    Upload,
    Manifest,
    Tags,
    Referrers,
}

/// <summary>
/// A parsed <c>/v2/&lt;name&gt;/...</c> path. Repository names may have any number of components
/// and may even contain "blobs" or "manifests", so the path is read from its end.
/// </summary>
public sealed record RegistryRoute(RegistryResource Resource, string Name, string? Argument)
{
    /// <param name="path">The part after <c>/v2/</c>.</param>
    public static RegistryRoute? Parse(string path)
    {
        var segments = path.Split('/');
        var count = segments.Length;
        if (count >= 3 && segments[^2] == "tags" && segments[^1] == "list") return Make(RegistryResource.Tags, 2, null);
        if (count >= 4 && segments[^3] == "blobs" && segments[^2] == "uploads")
        {
            return segments[^1].Length == 0 ? Make(RegistryResource.UploadStart, 3, null) : Make(RegistryResource.Upload, 3, segments[^1]);
        }
        if (count >= 3 && segments[^2] == "blobs" && segments[^1] == "uploads") return Make(RegistryResource.UploadStart, 2, null);
        if (count >= 3 && segments[^2] == "blobs") return Make(RegistryResource.Blob, 2, segments[^1]);
        if (count >= 3 && segments[^2] == "manifests") return Make(RegistryResource.Manifest, 2, segments[^1]);
        if (count >= 3 && segments[^2] == "referrers") return Make(RegistryResource.Referrers, 2, segments[^1]);
        return null;

        RegistryRoute Make(RegistryResource resource, int suffixSegments, string? argument) =>
            new(resource, string.Join('/', segments[..^suffixSegments]), argument);
    }
}
