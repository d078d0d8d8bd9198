using Appliance.Core.Names;

namespace Appliance.Core.Tests;

public sealed class NameTests
{
    [Theory]
    [InlineData("library/busybox")]
    [InlineData("a")]
    [InlineData("openshift-release-dev/ocp-v4.0-art-dev")]
    [InlineData("a/b/c/d/e/f")]
    [InlineData("my_repo/with__double/under.score/and---dashes")]
    [InlineData("x/blobs/manifests")]
    public void Accepts_names_by_the_spec_grammar_at_any_depth(string name)
    {
        Assert.True(RepositoryName.TryParse(name, out var parsed));
        Assert.Equal(name, parsed.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper/case")]
    [InlineData("/absolute")]
    [InlineData("trailing/")]
    [InlineData("double//slash")]
    [InlineData("..")]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData(".hidden")]
    [InlineData("-leading")]
    [InlineData("a___b")]
    [InlineData("nul\0byte")]
    [InlineData("space name")]
    public void Rejects_names_outside_the_grammar(string name)
    {
        Assert.False(RepositoryName.TryParse(name, out _));
    }

    [Fact]
    public void Rejects_names_longer_than_255_characters()
    {
        Assert.False(RepositoryName.TryParse(new string('a', 256), out _));
        Assert.True(RepositoryName.TryParse(new string('a', 255), out _));
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("v4.14.0-x86_64", true)]
    [InlineData("_underscore", true)]
    [InlineData(".dot", false)]
    [InlineData("-dash", false)]
    [InlineData("has/slash", false)]
    [InlineData("", false)]
    public void Validates_tags(string tag, bool valid)
    {
        Assert.Equal(valid, Tag.IsValid(tag));
    }

    [Fact]
    public void Tags_are_at_most_128_characters()
    {
        Assert.True(Tag.IsValid(new string('t', 128)));
        Assert.False(Tag.IsValid(new string('t', 129)));
    }

    [Fact]
    public void A_reference_with_a_colon_is_a_digest()
    {
        Assert.True(ManifestReference.TryParse("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", out var digest));
        Assert.True(digest.IsDigest);
        Assert.True(ManifestReference.TryParse("v1", out var tag));
        Assert.Equal("v1", tag.Tag);
        Assert.False(ManifestReference.TryParse("sha256:short", out _));
    }
}
