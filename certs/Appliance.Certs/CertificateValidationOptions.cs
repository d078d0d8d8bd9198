using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs;

/// <summary>What a user-supplied certificate is checked against.</summary>
public sealed record CertificateValidationOptions
{
    /// <summary>Names clients will connect with; IP literals are matched against IP SANs.</summary>
    public IReadOnlyList<string> ExpectedNames { get; init; } = [];

    /// <summary>Skips the name check, like mirror-registry's <c>--sslCheckSkip</c>.</summary>
    public bool SkipNameCheck { get; init; }

    /// <summary>Roots to trust besides the system store and the bundle, e.g. a CA file the user supplies.</summary>
    public IReadOnlyList<X509Certificate2> ExtraTrustedRoots { get; init; } = [];
}
