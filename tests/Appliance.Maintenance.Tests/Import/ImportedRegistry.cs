using System.Net;
using System.Security.Cryptography;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>Checks what a registry serves after an import.</summary>
public static class ImportedRegistry
{
    private static readonly string[] ManifestTypes =
        [TestImages.OciManifest, TestImages.OciIndex, TestImages.DockerManifest, TestImages.DockerManifestList];

    /// <summary>
    /// Every image's manifest by digest and by each tag is byte-identical (its digest); skopeo pulls each image whole, by
    /// digest and by its first tag, checking every blob's digest and keeping the manifest's.
    /// </summary>
    /// <param name="credentials">user:password both pull with, on a registry with authentication; none by default.</param>
    public static async Task AssertServesAsync(RegistryServer registry, IEnumerable<ExpectedImage> images, string? credentials = null)
    {
        using var http = registry.CreateClient();
        if (credentials is not null) http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
        string[] creds = credentials is null ? [] : ["--src-creds", credentials];
        using var pulls = new TestDirectory("import-pulls");
        var count = 0;
        foreach (var image in images)
        {
            foreach (var reference in image.Tags.Prepend(image.Digest))
            {
                Assert.Equal(image.Digest, await ManifestDigestAsync(http, image.Repository, reference));
            }
            foreach (var reference in image.Tags.Take(1).Select(t => $":{t}").Prepend($"@{image.Digest}"))
            {
                var digestFile = pulls.Combine($"digest-{count}");
                (await ProcessRunner.RunAsync("skopeo", ["copy", "--all", "--preserve-digests", "--src-tls-verify=false", .. creds, "--digestfile", digestFile,
                    $"docker://{registry.Authority}/{image.Repository}{reference}", $"oci:{pulls.Combine($"pull-{count++}")}:pulled"]))
                    .EnsureSuccess($"skopeo pull of {image.Repository}{reference}");
                Assert.Equal(image.Digest, (await File.ReadAllTextAsync(digestFile)).Trim());
            }
        }
    }

    /// <returns>The digest of the manifest bytes served, or null when there is none.</returns>
    public static async Task<string?> ManifestDigestAsync(HttpClient http, string repository, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
        foreach (var type in ManifestTypes) request.Headers.Accept.Add(new(type));
        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
    }
}
