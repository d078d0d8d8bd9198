using System.Text;
using Appliance.Core.Errors;
using Appliance.Core.Manifests;

namespace Appliance.Core.Tests;

public sealed class ManifestParserTests
{
    private const string Config = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Layer = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string Subject = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
    private readonly ManifestParser _parser = new();

    [Fact]
    public void Extracts_config_and_layers_of_an_oci_image()
    {
        var parsed = Parse(Image(MediaTypes.OciManifest), MediaTypes.OciManifest);
        Assert.Equal(MediaTypes.OciManifest, parsed.MediaType);
        Assert.Equal([Config, Layer], parsed.Blobs.Select(b => b.Digest.ToString()));
        Assert.Empty(parsed.Children);
        Assert.Equal("application/vnd.oci.image.config.v1+json", parsed.ArtifactType);
    }

    [Fact]
    public void Takes_the_media_type_from_the_body_when_the_client_sends_a_generic_one()
    {
        Assert.Equal(MediaTypes.DockerManifest, Parse(Image(MediaTypes.DockerManifest), "application/json").MediaType);
        Assert.Equal(MediaTypes.DockerManifest, Parse(Image(MediaTypes.DockerManifest), null).MediaType);
    }

    [Fact]
    public void Extracts_children_of_an_index()
    {
        var index = """{"schemaVersion":2,"mediaType":"DOCKERLIST","manifests":[{"mediaType":"DOCKERMANIFEST","digest":"CONFIG","size":10,"platform":{"architecture":"amd64","os":"linux"}}]}"""
            .Replace("DOCKERLIST", MediaTypes.DockerManifestList).Replace("DOCKERMANIFEST", MediaTypes.DockerManifest).Replace("CONFIG", Config)
            .Replace("OCIMANIFEST", MediaTypes.OciManifest).Replace("OCIEMPTY", MediaTypes.OciEmpty).Replace("SUBJECT", Subject);
        var parsed = Parse(index, MediaTypes.DockerManifestList);
        Assert.True(parsed.IsIndex);
        Assert.Equal([Config], parsed.Children.Select(c => c.Digest.ToString()));
    }

    [Fact]
    public void Reads_subject_artifact_type_and_annotations()
    {
        var artifact = """{"schemaVersion":2,"mediaType":"OCIMANIFEST","artifactType":"application/vnd.example.sbom","config":{"mediaType":"OCIEMPTY","digest":"CONFIG","size":2},"layers":[],"subject":{"mediaType":"OCIMANIFEST","digest":"SUBJECT","size":5},"annotations":{"a":"b"}}"""
            .Replace("DOCKERLIST", MediaTypes.DockerManifestList).Replace("DOCKERMANIFEST", MediaTypes.DockerManifest).Replace("CONFIG", Config)
            .Replace("OCIMANIFEST", MediaTypes.OciManifest).Replace("OCIEMPTY", MediaTypes.OciEmpty).Replace("SUBJECT", Subject);
        var parsed = Parse(artifact, MediaTypes.OciManifest);
        Assert.Equal(Subject, parsed.Subject.ToString());
        Assert.Equal("application/vnd.example.sbom", parsed.ArtifactType);
        Assert.Equal("""{"a":"b"}""", parsed.AnnotationsJson);
    }

    [Fact]
    public void Marks_foreign_layers_with_urls_as_external()
    {
        var manifest = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.DockerManifest}}","config":{"mediaType":"c","digest":"{{Config}}","size":1},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","digest":"{{Layer}}","size":1,"urls":["https://example.com/layer"]}]}""";
        var parsed = Parse(manifest, MediaTypes.DockerManifest);
        Assert.True(parsed.Blobs[1].IsExternal);
        Assert.False(parsed.Blobs[0].IsExternal);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"schemaVersion":1,"name":"x","tag":"y","fsLayers":[]}""", "schema 1")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}""", "no config")]
    [InlineData("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"c","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111"},"layers":[]}""", "size")]
    [InlineData("""{"schemaVersion":3,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"c","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":1}}""", "schemaVersion must be 2")]
    public void Rejects_invalid_manifests_as_manifest_invalid(string json, string messagePart)
    {
        var error = Assert.Throws<RegistryException>(() => Parse(json, MediaTypes.OciManifest));
        Assert.Equal(OciErrorCode.ManifestInvalid, error.Code);
        Assert.Contains(messagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rejects_schema1_by_content_type()
    {
        var error = Assert.Throws<RegistryException>(() => Parse(Image(MediaTypes.DockerManifest), MediaTypes.DockerSchema1Signed));
        Assert.Equal(OciErrorCode.ManifestInvalid, error.Code);
    }

    [Fact]
    public void Rejects_unknown_media_types()
    {
        var error = Assert.Throws<RegistryException>(() => Parse(Image(MediaTypes.OciManifest).Replace(MediaTypes.OciManifest, "application/x-custom"), "application/x-custom"));
        Assert.Equal(OciErrorCode.ManifestInvalid, error.Code);
        Assert.Contains("application/x-custom", error.Message);
    }

    [Fact]
    public void Rejects_a_content_type_that_contradicts_the_body()
    {
        var error = Assert.Throws<RegistryException>(() => Parse(Image(MediaTypes.DockerManifest), MediaTypes.OciManifest));
        Assert.Contains("does not match", error.Message);
    }

    [Fact]
    public void Rejects_an_invalid_descriptor_digest_as_digest_invalid()
    {
        var error = Assert.Throws<RegistryException>(() => Parse(Image(MediaTypes.OciManifest).Replace(Layer, "sha256:nope"), MediaTypes.OciManifest));
        Assert.Equal(OciErrorCode.DigestInvalid, error.Code);
    }

    private ParsedManifest Parse(string json, string? contentType) => _parser.Parse(Encoding.UTF8.GetBytes(json), contentType);

    private static string Image(string mediaType) =>
        $$"""{"schemaVersion":2,"mediaType":"{{mediaType}}","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Config}}","size":7},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{Layer}}","size":9}]}""";
}
