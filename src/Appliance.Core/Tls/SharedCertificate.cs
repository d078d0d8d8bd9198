namespace Appliance.Core.Tls;

/// <summary>The certificate every replica serves, and its generation: a number that grows with each replacement.</summary>
public sealed record SharedCertificate(long Generation, CertificatePems Pems);
