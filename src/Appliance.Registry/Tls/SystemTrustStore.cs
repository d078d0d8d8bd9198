using System.Security.Cryptography.X509Certificates;

namespace Appliance.Registry.Tls;

/// <summary>The machine's trusted roots, which building any certificate chain reads first; .NET keeps them for the process.</summary>
internal static class SystemTrustStore
{
    public static void Load()
    {
        using var roots = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
        roots.Open(OpenFlags.ReadOnly);
        foreach (var certificate in roots.Certificates) certificate.Dispose();
    }
}
