using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Appliance.Certs;

/// <summary>
/// Checks a user-supplied certificate and key before the registry uses them, so mistakes surface
/// at install time with a fix-it message instead of as opaque TLS errors on every client.
/// </summary>
public sealed class CertificateValidator(TimeProvider timeProvider)
{
    private const string AnyExtendedKeyUsageOid = "2.5.29.37.0";

    // Time is reported per certificate as Expired/NotYetValid, EKU as WrongUsage, and revocation
    // cannot be checked on an air-gapped appliance; none of these says anything about completeness.
    private const X509ChainStatusFlags IgnoredChainStatus =
        X509ChainStatusFlags.NotTimeValid
        | X509ChainStatusFlags.NotTimeNested
        | X509ChainStatusFlags.NotValidForUsage
        | X509ChainStatusFlags.RevocationStatusUnknown
        | X509ChainStatusFlags.OfflineRevocation;

    public CertificateValidator()
        : this(TimeProvider.System)
    {
    }

    /// <summary>
    /// Validates a PEM certificate file (server certificate first, then any intermediates) and a PEM
    /// private key file. Every check runs, and every problem found is returned.
    /// </summary>
    public CertificateValidationResult Validate(string certificatePath, string keyPath, CertificateValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificatePath);
        ArgumentNullException.ThrowIfNull(keyPath);
        options ??= new CertificateValidationOptions();

        var problems = new List<CertificateProblem>();
        var certificates = ReadCertificates(certificatePath, problems);
        using var key = ReadPrivateKey(keyPath, problems);
        try
        {
            if (certificates.Count == 0)
            {
                return new CertificateValidationResult(problems, null);
            }

            var leaf = certificates[0];
            var now = timeProvider.GetUtcNow();
            if (key is not null)
            {
                CheckKeyMatches(leaf, key, certificatePath, keyPath, problems);
            }

            CheckValidityPeriod(leaf, now, problems);
            CheckUsage(leaf, problems);
            if (!options.SkipNameCheck)
            {
                CheckNames(leaf, options.ExpectedNames, problems);
            }

            CheckChain(certificates, options.ExtraTrustedRoots, certificatePath, problems);
            return new CertificateValidationResult(problems, CertificateInfo.FromCertificate(leaf, now));
        }
        finally
        {
            certificates.ForEach(certificate => certificate.Dispose());
        }
    }

    private static List<X509Certificate2> ReadCertificates(string path, List<CertificateProblem> problems)
    {
        var certificates = new List<X509Certificate2>();
        if (ReadPemText(path, "x509", problems) is not { } text)
        {
            return certificates;
        }

        var blocks = PemBlock.ReadAll(text);
        if (blocks.Count == 0)
        {
            problems.Add(MalformedPem(path));
            return certificates;
        }

        var certificateBlocks = blocks.Where(block => block.Label == "CERTIFICATE").ToList();
        if (certificateBlocks.Count == 0)
        {
            problems.Add(new(CertificateProblemCode.NoCertificate,
                $"'{path}' contains no certificate (found: {DescribeLabels(blocks)}). Did you swap the certificate and key files?"));
        }

        foreach (var block in certificateBlocks)
        {
            try
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(block.Data));
            }
            catch (CryptographicException exception)
            {
                problems.Add(new(CertificateProblemCode.NoCertificate,
                    $"'{path}' contains a CERTIFICATE block that is not a valid X.509 certificate: {exception.Message}"));
            }
        }

        return certificates;
    }

    private static AsymmetricAlgorithm? ReadPrivateKey(string path, List<CertificateProblem> problems)
    {
        if (ReadPemText(path, "pkey", problems) is not { } text)
        {
            return null;
        }

        // Legacy OpenSSL encryption uses RFC 1421 headers that strict PEM parsing skips over,
        // so both forms are recognised textually before parsing.
        if (text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal)
            || text.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            problems.Add(new(CertificateProblemCode.EncryptedKey,
                $"The private key in '{path}' is encrypted; the registry must start without a passphrase, " +
                $"so it needs an unencrypted key. Decrypt it with: openssl pkey -in {path} -out {path}.dec"));
            return null;
        }

        var blocks = PemBlock.ReadAll(text);
        var keyBlock = blocks.FirstOrDefault(block => block.Label is "PRIVATE KEY" or "RSA PRIVATE KEY" or "EC PRIVATE KEY");
        if (keyBlock is null)
        {
            problems.Add(blocks.Count == 0
                ? MalformedPem(path)
                : new(CertificateProblemCode.NoPrivateKey, $"'{path}' contains no private key (found: {DescribeLabels(blocks)})."));
            return null;
        }

        var key = keyBlock.Label switch
        {
            "RSA PRIVATE KEY" => TryImport(RSA.Create(), keyBlock.Text),
            "EC PRIVATE KEY" => TryImport(ECDsa.Create(), keyBlock.Text),
            _ => TryImport(RSA.Create(), keyBlock.Text) ?? TryImport(ECDsa.Create(), keyBlock.Text),
        };
        if (key is null)
        {
            problems.Add(new(CertificateProblemCode.UnsupportedKey,
                $"The private key in '{path}' could not be read as an RSA or ECDSA key; only those key types are supported."));
        }

        return key;
    }

    private static string? ReadPemText(string path, string opensslCommand, List<CertificateProblem> problems)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add(new(CertificateProblemCode.FileUnreadable, $"Cannot read '{path}': {exception.Message}"));
            return null;
        }

        if (!text.Contains("-----BEGIN ", StringComparison.Ordinal))
        {
            problems.Add(new(CertificateProblemCode.NotPem,
                $"'{path}' is not a PEM file (it has no '-----BEGIN' line). If it is DER-encoded, convert it with: " +
                $"openssl {opensslCommand} -inform der -in {path} -out {path}.pem"));
            return null;
        }

        return text;
    }

    private static CertificateProblem MalformedPem(string path) =>
        new(CertificateProblemCode.NotPem, $"'{path}' has a '-----BEGIN' line but no well-formed PEM block.");

    private static AsymmetricAlgorithm? TryImport(AsymmetricAlgorithm key, string pem)
    {
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            key.Dispose();
            return null;
        }
    }

    private static void CheckKeyMatches(
        X509Certificate2 leaf, AsymmetricAlgorithm key, string certificatePath, string keyPath, List<CertificateProblem> problems)
    {
        try
        {
            // CopyWithPrivateKey compares the key with the certificate's public key and throws on mismatch.
            CertificateKeys.AttachPrivateKey(leaf, key).Dispose();
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            problems.Add(new(CertificateProblemCode.KeyMismatch,
                $"The private key in '{keyPath}' does not match the certificate '{leaf.Subject}' in '{certificatePath}'; " +
                "use the key that was generated with this certificate's signing request."));
        }
    }

    private static void CheckValidityPeriod(X509Certificate2 leaf, DateTimeOffset now, List<CertificateProblem> problems)
    {
        var notBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime());
        if (now > notAfter)
        {
            problems.Add(new(CertificateProblemCode.Expired,
                $"The certificate '{leaf.Subject}' expired on {FormatDate(notAfter)}."));
        }
        else if (now < notBefore)
        {
            problems.Add(new(CertificateProblemCode.NotYetValid,
                $"The certificate '{leaf.Subject}' is not valid until {FormatDate(notBefore)}; check this machine's clock."));
        }
    }

    private static void CheckUsage(X509Certificate2 leaf, List<CertificateProblem> problems)
    {
        var extendedUsage = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (extendedUsage is not null)
        {
            var usages = extendedUsage.EnhancedKeyUsages.Cast<Oid>().ToList();
            if (!usages.Any(oid => oid.Value is CertificateAuthority.ServerAuthenticationOid or AnyExtendedKeyUsageOid))
            {
                var present = string.Join(", ", usages.Select(oid => oid.FriendlyName is { Length: > 0 } name ? $"{name} ({oid.Value})" : oid.Value));
                problems.Add(new(CertificateProblemCode.WrongUsage,
                    $"The certificate '{leaf.Subject}' is not valid for TLS servers: its extended key usage is {present} " +
                    $"and does not include serverAuth ({CertificateAuthority.ServerAuthenticationOid})."));
            }
        }

        // An ECDSA key can only sign the handshake; an RSA key may instead encrypt it (TLS 1.2 RSA key exchange).
        var isRsa = CertificateKeys.GetKeyType(leaf) == CertificateKeyType.Rsa3072;
        var usable = isRsa ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature;
        var keyUsage = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        if (keyUsage is not null && (keyUsage.KeyUsages & usable) == 0)
        {
            problems.Add(new(CertificateProblemCode.WrongUsage,
                $"The certificate '{leaf.Subject}' is not valid for TLS servers: its key usage ({keyUsage.KeyUsages}) " +
                (isRsa ? "allows neither digitalSignature nor keyEncipherment." : "does not include digitalSignature.")));
        }
    }

    private static void CheckNames(X509Certificate2 leaf, IReadOnlyList<string> expectedNames, List<CertificateProblem> problems)
    {
        foreach (var name in expectedNames.Select(name => name.Trim()).Where(name => name.Length > 0))
        {
            // Common-name matching is off because Go-based clients (podman, skopeo, oc) ignore the CN.
            if (!leaf.MatchesHostname(name, allowWildcards: true, allowCommonName: false))
            {
                problems.Add(new(CertificateProblemCode.NameMismatch,
                    $"The certificate does not cover '{name}', which clients will use to connect. " +
                    $"Names in the certificate: {DescribeSubjectAlternativeNames(leaf)}."));
            }
        }
    }

    private static void CheckChain(
        List<X509Certificate2> certificates,
        IReadOnlyList<X509Certificate2> extraTrustedRoots,
        string certificatePath,
        List<CertificateProblem> problems)
    {
        var leaf = certificates[0];
        // A self-signed certificate in the bundle is the user's declared root (this includes a
        // self-signed leaf); whether clients trust it is their business, but the chain must reach it.
        var declaredRoots = certificates.Where(IsSelfSigned).Concat(extraTrustedRoots).ToList();

        var systemFailure = BuildChain(leaf, certificates, X509ChainTrustMode.System, []);
        if (systemFailure is null)
        {
            return;
        }

        var failure = systemFailure;
        if (declaredRoots.Count > 0)
        {
            failure = BuildChain(leaf, certificates, X509ChainTrustMode.CustomRootTrust, declaredRoots);
            if (failure is null)
            {
                return;
            }
        }

        problems.Add(new(CertificateProblemCode.ChainIncomplete, failure.Describe(certificatePath)));
    }

    /// <summary>Builds the chain and returns why it failed, or null when it built.</summary>
    private static ChainFailure? BuildChain(
        X509Certificate2 leaf, List<X509Certificate2> bundle, X509ChainTrustMode trustMode, List<X509Certificate2> trustedRoots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = trustMode;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(bundle.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Clients of an air-gapped registry cannot fetch missing intermediates either, so neither may we.
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.Build(leaf);

        try
        {
            var failures = chain.ChainStatus.Where(status => (status.Status & ~IgnoredChainStatus) != 0).ToList();
            if (failures.Count == 0)
            {
                return null;
            }

            var top = chain.ChainElements[^1].Certificate;
            return new ChainFailure(leaf.Subject, top.Subject, top.Issuer, failures);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    private static bool IsSelfSigned(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    private static string DescribeSubjectAlternativeNames(X509Certificate2 certificate)
    {
        var names = SubjectAlternativeNames.DnsNames(certificate).Select(name => $"DNS:{name}")
            .Concat(SubjectAlternativeNames.IPAddresses(certificate).Select(address => $"IP:{address}"))
            .ToList();
        return names.Count > 0
            ? string.Join(", ", names)
            : "none (it has no subjectAltName DNS or IP entries, and clients ignore the subject CN)";
    }

    private static string DescribeLabels(IEnumerable<PemBlock> blocks) =>
        string.Join(", ", blocks.Select(block => block.Label).Distinct());

    private static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private sealed record ChainFailure(string LeafSubject, string TopSubject, string MissingIssuer, List<X509ChainStatus> Statuses)
    {
        public string Describe(string certificatePath) =>
            Statuses.Any(status => status.Status.HasFlag(X509ChainStatusFlags.PartialChain))
                ? $"The certificate chain for '{LeafSubject}' is incomplete: the issuer '{MissingIssuer}' of '{TopSubject}' " +
                  $"is neither in '{certificatePath}' nor a trusted root. Append the intermediate CA certificate(s) " +
                  "to the certificate file, after the server certificate."
                : $"The certificate chain for '{LeafSubject}' does not build to a trusted root: " +
                  string.Join("; ", Statuses.Select(status => status.StatusInformation.Trim())) + ".";
    }
}
