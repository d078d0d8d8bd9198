using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Appliance.Certs.Tests;

public sealed class CertificateValidatorTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly CertificateValidator validator = new();

    private string CertificatePath => directory.File("server.crt");

    private string KeyPath => directory.File("server.key");

    public void Dispose() => directory.Dispose();

    [Fact]
    public void A_valid_self_signed_certificate_has_no_problems()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"], [IPAddress.Parse("10.0.0.5")]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        var result = Validate(new() { ExpectedNames = ["registry.example.com", "10.0.0.5"] });

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("CN=registry.example.com", result.Certificate?.Subject);
    }

    [Fact]
    public void Files_written_by_the_appliance_pass()
    {
        var files = CertificateFilesTests.WriteAll(directory.Path, CertificateKeyType.EcdsaP256);

        var result = validator.Validate(files.ServerCertificatePath, files.ServerKeyPath,
            new() { ExpectedNames = ["registry.example.com", "registry", "127.0.0.1", "::1"] });

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
    }

    [Fact]
    public void A_chain_with_the_intermediate_in_the_bundle_passes()
    {
        using var root = TestCertificates.CreateRoot("Test Root");
        using var intermediate = TestCertificates.CreateIntermediate("Test Intermediate", root);
        using var leaf = TestCertificates.CreateLeaf(intermediate, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf, intermediate, root);

        var result = Validate(new() { ExpectedNames = ["registry.example.com"] });

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
    }

    [Fact]
    public void A_chain_whose_root_is_supplied_separately_passes()
    {
        using var root = TestCertificates.CreateRoot("Test Root");
        using var intermediate = TestCertificates.CreateIntermediate("Test Intermediate", root);
        using var leaf = TestCertificates.CreateLeaf(intermediate, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf, intermediate);

        Assert.Equal([CertificateProblemCode.ChainIncomplete], Codes(Validate()));
        Assert.True(Validate(new() { ExtraTrustedRoots = [root] }).IsValid);
    }

    [Fact]
    public void Reports_a_file_that_is_not_pem()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);
        File.WriteAllBytes(CertificatePath, leaf.RawData);

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.NotPem, problem.Code);
        Assert.Contains("is not a PEM file", problem.Message, StringComparison.Ordinal);
        Assert.Contains(CertificatePath, problem.Message, StringComparison.Ordinal);
        Assert.Contains("openssl x509 -inform der", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_certificate_file_without_a_certificate()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);
        File.Copy(KeyPath, CertificatePath, overwrite: true);

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.NoCertificate, problem.Code);
        Assert.Contains("contains no certificate (found: PRIVATE KEY)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_key_file_without_a_private_key()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);
        File.Copy(CertificatePath, KeyPath, overwrite: true);

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.NoPrivateKey, problem.Code);
        Assert.Contains("contains no private key (found: CERTIFICATE)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_missing_file()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);
        File.Delete(KeyPath);

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.FileUnreadable, problem.Code);
        Assert.Contains(KeyPath, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_encrypted_pkcs8_key_and_says_how_to_decrypt_it()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);
        using var key = leaf.GetECDsaPrivateKey()!;
        File.WriteAllText(KeyPath, key.ExportEncryptedPkcs8PrivateKeyPem("secret",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.EncryptedKey, problem.Code);
        Assert.Contains("is encrypted", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"openssl pkey -in {KeyPath} -out {KeyPath}.dec", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_legacy_openssl_encrypted_key()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);
        File.WriteAllText(KeyPath,
            "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAA\n-----END EC PRIVATE KEY-----\n");

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.EncryptedKey, problem.Code);
    }

    [Fact]
    public void Reports_a_key_of_an_unsupported_algorithm()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);
        using var dsa = DSA.Create(2048);
        File.WriteAllText(KeyPath, dsa.ExportPkcs8PrivateKeyPem());

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.UnsupportedKey, problem.Code);
        Assert.Contains("RSA or ECDSA", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reports_a_key_that_does_not_match_the_certificate(bool otherKeyIsRsa)
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);
        using AsymmetricAlgorithm otherKey = otherKeyIsRsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(KeyPath, otherKey.ExportPkcs8PrivateKeyPem());

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.KeyMismatch, problem.Code);
        Assert.Contains("does not match the certificate 'CN=registry.example.com'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_missing_intermediate_naming_the_absent_issuer()
    {
        using var root = TestCertificates.CreateRoot("Test Root");
        using var intermediate = TestCertificates.CreateIntermediate("Test Intermediate", root);
        using var leaf = TestCertificates.CreateLeaf(intermediate, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.ChainIncomplete, problem.Code);
        Assert.Contains("is incomplete", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'CN=Test Intermediate'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_host_name_not_in_the_certificate_and_lists_the_names_it_has()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"], [IPAddress.Parse("10.0.0.5")]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        var problems = Validate(new() { ExpectedNames = ["mirror.example.com", "10.0.0.6", "registry.example.com"] }).Problems;

        Assert.Equal([CertificateProblemCode.NameMismatch, CertificateProblemCode.NameMismatch], problems.Select(p => p.Code));
        Assert.Contains("does not cover 'mirror.example.com'", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("does not cover '10.0.0.6'", problems[1].Message, StringComparison.Ordinal);
        Assert.All(problems, problem =>
            Assert.Contains("DNS:registry.example.com, IP:10.0.0.5", problem.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Skipping_the_name_check_accepts_a_certificate_for_other_names()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        var result = Validate(new() { ExpectedNames = ["mirror.example.com"], SkipNameCheck = true });

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
    }

    [Fact]
    public void An_ip_address_matches_only_an_ip_san()
    {
        // The DNS SAN spells the address, which clients do not accept in place of an IP SAN.
        using var leaf = TestCertificates.CreateLeaf(null, ["10.0.0.5"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        Assert.Equal([CertificateProblemCode.NameMismatch], Codes(Validate(new() { ExpectedNames = ["10.0.0.5"] })));
    }

    [Theory]
    [InlineData("registry.example.com", true)]
    [InlineData("REGISTRY.example.com", true)]
    [InlineData("a.registry.example.com", false)]
    [InlineData("example.com", false)]
    public void A_wildcard_matches_exactly_one_label(string name, bool matches)
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["*.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        Assert.Equal(matches, Validate(new() { ExpectedNames = [name] }).IsValid);
    }

    [Fact]
    public void Reports_an_expired_certificate_with_its_expiry_date()
    {
        var notAfter = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-10).AddHours(13), TimeSpan.Zero);
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"],
            notBefore: notAfter.AddDays(-100), notAfter: notAfter);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.Expired, problem.Code);
        Assert.Contains(
            $"expired on {notAfter.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_certificate_that_is_not_yet_valid()
    {
        var notBefore = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(5), TimeSpan.Zero);
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"],
            notBefore: notBefore, notAfter: notBefore.AddDays(100));
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.NotYetValid, problem.Code);
        Assert.Contains(
            $"not valid until {notBefore.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judges_validity_against_the_injected_clock()
    {
        var files = CertificateFilesTests.WriteAll(directory.Path, CertificateKeyType.EcdsaP256);
        var threeYearsOn = new CertificateValidator(new FixedTimeProvider(DateTimeOffset.UtcNow.AddYears(3)));

        var result = threeYearsOn.Validate(files.ServerCertificatePath, files.ServerKeyPath);

        Assert.Equal([CertificateProblemCode.Expired], Codes(result));
        Assert.True(result.Certificate?.IsExpired);
    }

    [Fact]
    public void Reports_an_issuer_that_is_not_a_ca()
    {
        using var notACa = TestCertificates.CreateLeaf(null, ["issuer.example.com"]);
        using var leaf = TestCertificates.CreateLeaf(notACa, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf, notACa);

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.ChainIncomplete, problem.Code);
        Assert.Contains("does not build to a trusted root", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_pem_file_whose_block_is_malformed()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"]);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);
        File.WriteAllText(CertificatePath, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.NotPem, problem.Code);
        Assert.Contains("no well-formed PEM block", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_the_any_extended_key_usage()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"], extendedKeyUsage: TestCertificates.AnyExtendedKeyUsage);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        Assert.True(Validate().IsValid);
    }

    [Fact]
    public void Reports_a_key_usage_that_cannot_sign_a_tls_handshake()
    {
        // keyEncipherment would do for RSA, but an ECDSA key cannot encrypt, only sign.
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"], keyUsage: X509KeyUsageFlags.KeyEncipherment);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.WrongUsage, problem.Code);
        Assert.Contains("does not include digitalSignature", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_a_certificate_for_client_authentication_only()
    {
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"], extendedKeyUsage: TestCertificates.ClientAuth);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);

        var problem = Assert.Single(Validate().Problems);

        Assert.Equal(CertificateProblemCode.WrongUsage, problem.Code);
        Assert.Contains("not valid for TLS servers", problem.Message, StringComparison.Ordinal);
        Assert.Contains(TestCertificates.ClientAuth, problem.Message, StringComparison.Ordinal);
        Assert.Contains("serverAuth", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_every_problem_at_once()
    {
        var notAfter = DateTimeOffset.UtcNow.AddDays(-1);
        using var leaf = TestCertificates.CreateLeaf(null, ["registry.example.com"], extendedKeyUsage: TestCertificates.ClientAuth,
            notBefore: notAfter.AddDays(-30), notAfter: notAfter);
        TestCertificates.WritePair(CertificatePath, KeyPath, leaf);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(KeyPath, otherKey.ExportPkcs8PrivateKeyPem(), Encoding.ASCII);

        var result = Validate(new() { ExpectedNames = ["mirror.example.com"] });

        Assert.Equal(
            [CertificateProblemCode.KeyMismatch, CertificateProblemCode.Expired, CertificateProblemCode.WrongUsage, CertificateProblemCode.NameMismatch],
            Codes(result));
    }

    private CertificateValidationResult Validate(CertificateValidationOptions? options = null) =>
        validator.Validate(CertificatePath, KeyPath, options);

    private static List<CertificateProblemCode> Codes(CertificateValidationResult result) =>
        result.Problems.Select(problem => problem.Code).ToList();
}
