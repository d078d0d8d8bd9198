using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Appliance.Ldap;
using Appliance.Testing;

namespace Appliance.Registry.Tests;

/// <summary>The CA directory's file names, as OpenSSL (libldap on RHEL) looks them up: checked against openssl itself.</summary>
public sealed class OpenSslSubjectHashTests
{
    [Theory]
    [InlineData("CN=Appliance Mirror Registry CA 0a1b2c3d")]
    [InlineData("CN=  Example   Root\tCA  , O=Example Corp., C=DE")]
    [InlineData("CN=Zürich CA, OU=IT, DC=example, DC=com")]
    [InlineData("E=ca@example.com, CN=MiXeD cAsE")]
    public async Task The_hash_is_the_one_openssl_computes(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        using var directory = new TestDirectory("appliance-subject-hash");
        var file = directory.Combine("ca.pem");
        await File.WriteAllTextAsync(file, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);

        var openssl = (await ProcessRunner.RunAsync("openssl", ["x509", "-subject_hash", "-noout", "-in", file])).EnsureSuccess("openssl x509 -subject_hash");

        Assert.Equal(openssl.StandardOutput.Trim(), OpenSslSubjectHash.Of(certificate.SubjectName));
    }
}
