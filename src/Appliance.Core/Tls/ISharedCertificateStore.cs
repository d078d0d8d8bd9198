namespace Appliance.Core.Tls;

/// <summary>
/// The copy of the TLS files that replicas share (in their database). Each replica serves the files in its own TLS
/// directory and keeps them in step with this copy: the first replica seeds it, later ones take it, and a certificate
/// replaced on any replica is published here for the others to take.
/// </summary>
public interface ISharedCertificateStore
{
    /// <summary>The shared copy when its generation is above <paramref name="knownGeneration"/> (0: whatever is there), else null.</summary>
    Task<SharedCertificate?> ReadNewerThanAsync(long knownGeneration, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="pems"/> the shared copy unless there is one already; returns the shared copy either way.</summary>
    Task<SharedCertificate> SeedAsync(CertificatePems pems, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="pems"/> the shared copy, as a new generation unless it already is the shared copy.</summary>
    Task<SharedCertificate> PublishAsync(CertificatePems pems, CancellationToken cancellationToken);
}
