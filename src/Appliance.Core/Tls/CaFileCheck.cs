using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Core.Tls;

/// <summary>A setting naming a CA file to trust (a directory server's, an upstream registry's): does it hold PEM certificates?</summary>
public static class CaFileCheck
{
    /// <summary>What is wrong with the file, for the operator; null when it holds at least one PEM certificate.</summary>
    public static string? Problem(string caFile)
    {
        if (!File.Exists(caFile)) return $"{caFile} does not exist";
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(caFile);
            return certificates.Count == 0 ? $"{caFile} holds no PEM certificate" : null;
        }
        catch (CryptographicException e)
        {
            return $"{caFile} is not a PEM certificate file ({e.Message})";
        }
        finally
        {
            foreach (var certificate in certificates) certificate.Dispose();
        }
    }
}
