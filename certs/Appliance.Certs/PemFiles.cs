using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Appliance.Certs;

/// <summary>Reads and atomically writes PEM files.</summary>
public static class PemFiles
{
    /// <summary>Mode for private keys: only the owning service account may read them.</summary>
    public const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Mode for certificates, which are public and read by clients and tooling.</summary>
    public const UnixFileMode PublicMode = PrivateMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/> so readers see either the
    /// old or the new file, never a partial one: the text goes to a temporary file in the same
    /// directory (rename is only atomic within one file system), is flushed to disk, then renamed.
    /// The mode is applied before any byte is written so a key is never readable by others.
    /// </summary>
    public static void WriteAtomically(string path, string content, UnixFileMode mode)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var temporaryPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");

        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            using (var stream = new FileStream(temporaryPath, options))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // The create mode is narrowed by the umask; set it explicitly so certificates
                    // stay readable as intended, still before the content exists.
                    File.SetUnixFileMode(stream.SafeFileHandle, mode);
                }

                stream.Write(Encoding.ASCII.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporaryPath, fullPath, overwrite: true);
        }
        catch
        {
            File.Delete(temporaryPath);
            throw;
        }
    }

    /// <summary>Every certificate in a PEM file, in file order.</summary>
    public static X509Certificate2Collection ReadCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates;
    }

    /// <summary>The certificate as PEM followed by its issuers, the order TLS servers send a chain in.</summary>
    public static string ToPem(IEnumerable<X509Certificate2> chain) =>
        string.Concat(chain.Select(certificate => certificate.ExportCertificatePem() + "\n"));

    /// <summary>The certificate's private key as unencrypted PKCS#8 PEM.</summary>
    public static string PrivateKeyToPem(X509Certificate2 certificate)
    {
        using var key = CertificateKeys.GetPrivateKey(certificate);
        return key.ExportPkcs8PrivateKeyPem() + "\n";
    }
}
