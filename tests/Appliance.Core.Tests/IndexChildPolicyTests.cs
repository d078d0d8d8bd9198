using System.Text;
using Appliance.Core.Manifests;

namespace Appliance.Core.Tests;

public sealed class IndexChildPolicyTests
{
    private static readonly ParsedManifest Index = new ManifestParser().Parse(Encoding.UTF8.GetBytes($$"""
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
          {{Child('a', "\"os\":\"linux\",\"architecture\":\"amd64\"")}},
          {{Child('b', "\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"")}},
          {{Child('c', "\"os\":\"linux\",\"architecture\":\"s390x\"")}},
          {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{{new string('d', 64)}}","size":1}]}
        """), "application/vnd.oci.image.index.v1+json");

    private static string Child(char digit, string platform) =>
        $$$"""{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:{{{new string(digit, 64)}}}","size":1,"platform":{{{{platform}}}}}""";

    [Theory]
    [InlineData(new string[0], "")]
    [InlineData(new[] { "none" }, "")]
    [InlineData(new[] { "ALL" }, "abcd")]
    [InlineData(new[] { "linux/amd64" }, "a")]
    [InlineData(new[] { "linux/arm64" }, "b")]
    [InlineData(new[] { "linux/arm64/v8", "linux/s390x" }, "bc")]
    [InlineData(new[] { "linux/arm64/v7" }, "")]
    public void Requires_the_children_of_the_named_platforms(string[] setting, string required)
    {
        var children = IndexChildPolicy.Parse(setting).RequiredChildren(Index);
        Assert.Equal(required, string.Concat(children.Select(c => c.Digest.ToString()[7])));
    }

    [Theory]
    [InlineData("amd64")]
    [InlineData("linux/")]
    [InlineData("linux/arm64/v8/extra")]
    public void A_value_that_is_no_platform_is_refused_with_the_setting_named(string value)
    {
        var error = Assert.Throws<FormatException>(() => IndexChildPolicy.Parse([value]));
        Assert.Contains("registry.indexes.platforms", error.Message);
    }

    [Fact]
    public void The_parser_reads_each_childs_platform()
    {
        Assert.Equal(["linux/amd64", "linux/arm64/v8", "linux/s390x", null], Index.Children.Select(c => c.Platform));
    }
}
