using System.Text;
using Appliance.Testing;

namespace Appliance.Maintenance.Tests.Import;

/// <summary>The files of a distribution storage tree (as oc-mirror archives it) that hold one image of a repository, tagged "1".</summary>
public static class ArchiveTree
{
    private const string V2 = "docker/registry/v2";

    public static IEnumerable<(string Name, byte[] Content)> Image(string repository, TestBlob manifest, IEnumerable<TestBlob> blobs)
    {
        var digest = Encoding.ASCII.GetBytes(manifest.Digest);
        yield return ($"{V2}/repositories/{repository}/_manifests/revisions/sha256/{manifest.Digest[7..]}/link", digest);
        yield return ($"{V2}/repositories/{repository}/_manifests/tags/1/current/link", digest);
        foreach (var blob in blobs.Append(manifest)) yield return (BlobPath(blob), blob.Content);
    }

    public static string BlobPath(TestBlob blob) => BlobPath(blob.Digest);

    public static string BlobPath(string digest) => $"{V2}/blobs/sha256/{digest[7..9]}/{digest[7..]}/data";
}
