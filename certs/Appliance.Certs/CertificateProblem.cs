namespace Appliance.Certs;

/// <summary>One thing wrong with a certificate, with a message that tells the user what to fix.</summary>
public sealed record CertificateProblem(CertificateProblemCode Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}
