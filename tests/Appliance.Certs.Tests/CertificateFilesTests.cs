using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs.Tests;

public sealed class CertificateFilesTests
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode WorldReadable = OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Theory]
    [InlineData(CertificateKeyType.EcdsaP256)]
    [InlineData(CertificateKeyType.Rsa3072)]
    public void Writes_keys_owner_only_and_certificates_world_readable(CertificateKeyType keyType)
    {
        using var directory = new TempDirectory();
        var files = WriteAll(directory.Path, keyType);

        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(files.CaKeyPath));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(files.ServerKeyPath));
        Assert.Equal(WorldReadable, File.GetUnixFileMode(files.CaCertificatePath));
        Assert.Equal(WorldReadable, File.GetUnixFileMode(files.ServerCertificatePath));
        Assert.Equal(["ca.crt", "ca.key", "ssl.crt", "ssl.key"],
            Directory.GetFiles(directory.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Writes_the_server_certificate_followed_by_the_ca_and_an_unencrypted_pkcs8_key()
    {
        using var directory = new TempDirectory();
        var files = WriteAll(directory.Path, CertificateKeyType.EcdsaP256);

        var chain = files.LoadServerCertificateChain();
        using var ca = X509CertificateLoader.LoadCertificateFromFile(files.CaCertificatePath);
        Assert.Equal(2, chain.Count);
        Assert.Equal("CN=registry.example.com", chain[0].Subject);
        Assert.Equal(ca.Thumbprint, chain[1].Thumbprint);

        var keyText = File.ReadAllText(files.ServerKeyPath);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", keyText, StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(files.CaKeyPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Loads_back_the_ca_and_server_certificate_with_their_private_keys()
    {
        using var directory = new TempDirectory();
        var files = new CertificateFiles(directory.Path);
        using var authority = CertificateAuthority.Create();
        using var leaf = authority.IssueServerCertificate(new ServerCertificateRequest(["registry.example.com"], []));
        files.WriteCertificateAuthority(authority);
        files.WriteServerCertificate(leaf, authority.Certificate);

        using var loadedAuthority = files.LoadCertificateAuthority();
        using var loadedLeaf = files.LoadServerCertificate();

        Assert.Equal(authority.Certificate.Thumbprint, loadedAuthority.Certificate.Thumbprint);
        Assert.True(loadedAuthority.Certificate.HasPrivateKey);
        Assert.Equal(leaf.Thumbprint, loadedLeaf.Thumbprint);
        Assert.True(loadedLeaf.HasPrivateKey);
        // The loaded CA key must actually sign: issue from it and chain to the original CA.
        using var reissued = loadedAuthority.IssueServerCertificate(new ServerCertificateRequest(["registry.example.com"], []));
        CertificateAuthorityTests.AssertChainsTo(reissued, authority.Certificate);
    }

    [Fact]
    public void Atomic_write_replaces_an_existing_file_and_its_mode_without_leaving_temporary_files()
    {
        using var directory = new TempDirectory();
        var path = directory.File("ssl.key");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, WorldReadable);

        PemFiles.WriteAtomically(path, "new", PemFiles.PrivateMode);

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void Atomic_write_creates_the_directory_when_missing()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "quay-rootCA", "ca.crt");

        PemFiles.WriteAtomically(path, "content", PemFiles.PublicMode);

        Assert.Equal("content", File.ReadAllText(path));
    }

    [Fact]
    public void Reports_which_files_exist()
    {
        using var directory = new TempDirectory();
        var files = new CertificateFiles(directory.Path);
        Assert.False(files.HasCertificateAuthority);
        Assert.False(files.HasServerCertificate);

        using var authority = CertificateAuthority.Create();
        files.WriteCertificateAuthority(authority);

        Assert.True(files.HasCertificateAuthority);
        Assert.False(files.HasServerCertificate);
    }

    internal static CertificateFiles WriteAll(string directory, CertificateKeyType keyType)
    {
        var files = new CertificateFiles(directory);
        using var authority = CertificateAuthority.Create(keyType);
        using var leaf = authority.IssueServerCertificate(new ServerCertificateRequest(
            ["registry.example.com", "registry"], [IPAddress.Parse("127.0.0.1"), IPAddress.IPv6Loopback]) { KeyType = keyType });
        files.WriteCertificateAuthority(authority);
        files.WriteServerCertificate(leaf, authority.Certificate);
        return files;
    }
}
