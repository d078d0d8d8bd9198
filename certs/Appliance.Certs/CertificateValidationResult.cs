namespace Appliance.Certs;

/// <summary>The outcome of validating a certificate and key pair.</summary>
/// <param name="Problems">Every problem found; all checks run so the user can fix everything in one go.</param>
/// <param name="Certificate">The server certificate's details, or null when none could be read.</param>
public sealed record CertificateValidationResult(IReadOnlyList<CertificateProblem> Problems, CertificateInfo? Certificate)
{
    public bool IsValid => Problems.Count == 0;
}
