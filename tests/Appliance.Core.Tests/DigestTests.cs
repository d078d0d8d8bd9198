using Appliance.Core.Content;

namespace Appliance.Core.Tests;

public sealed class DigestTests
{
    private const string EmptySha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Computes_the_sha256_of_content()
    {
        Assert.Equal(EmptySha256, Digest.Sha256([]).ToString());
    }

    [Fact]
    public void Parses_sha256_and_sha512_round_trip()
    {
        Assert.Equal(EmptySha256, Digest.Parse(EmptySha256).ToString());
        var sha512 = Digest.Compute(DigestAlgorithm.Sha512, [1, 2, 3]);
        Assert.Equal(DigestAlgorithm.Sha512, Digest.Parse(sha512.ToString()).Algorithm);
        Assert.Equal(128, sha512.Hex.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256")]
    [InlineData("sha256:")]
    [InlineData("sha256:abc")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha256:../../../../etc/passwd")]
    [InlineData(":e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Rejects_malformed_or_unsupported_digests(string value)
    {
        Assert.False(Digest.TryParse(value, out _));
    }
}
