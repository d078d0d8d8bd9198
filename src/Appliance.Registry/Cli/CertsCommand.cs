using System.CommandLine;
using Appliance.Certs;
using Appliance.Registry.Tls;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>certs show|renew|replace</c>. A running registry notices the new files on its own (hot reload),
/// so none of these needs a restart; replicas on PostgreSQL get a renewal or replacement through the database.
/// </summary>
public static class CertsCommand
{
    public static Command Create(CommonOptions common)
    {
        var show = new Command("show", "print the served certificate: names, addresses, serial, expiry");
        show.SetAction((parse, cancellationToken) => WithFilesAsync(common, parse, cancellationToken, (files, _) =>
        {
            Print(CertificateInfo.FromCertificate(files.LoadServerCertificate()), files);
            return 0;
        }));

        var validityDays = new Option<int?>("--validity-days") { Description = "validity of the new certificate (default: the tls.validityDays setting)" };
        var renew = new Command("renew", "re-issue the server certificate from the local CA with the same names; clients that trust the CA keep working")
        {
            validityDays,
        };
        renew.SetAction((parse, cancellationToken) => WithFilesAsync(common, parse, cancellationToken, (files, options) =>
        {
            var days = parse.GetValue(validityDays) ?? options.ValidityDays;
            using var renewed = CertificateRenewal.RenewServerCertificate(files, TimeSpan.FromDays(days));
            Print(CertificateInfo.FromCertificate(renewed), files);
            return 0;
        }));

        var certificate = new Option<string>("--sslCert", "--ssl-cert") { Description = "PEM certificate (leaf first, then intermediates)", Required = true };
        var key = new Option<string>("--sslKey", "--ssl-key") { Description = "PEM private key, unencrypted", Required = true };
        var skipNameCheck = new Option<bool>("--sslCheckSkip", "--ssl-check-skip") { Description = "do not check that the registry's names are in the certificate" };
        var names = new Option<string[]>("--name") { Description = "host name or IP clients use (repeatable); checked against the SANs", AllowMultipleArgumentsPerToken = true };
        var replace = new Command("replace", "validate a certificate and key, then install them atomically") { certificate, key, skipNameCheck, names };
        replace.SetAction((parse, cancellationToken) => WithFilesAsync(common, parse, cancellationToken, (files, _) =>
        {
            var result = new CertificateValidator().Validate(parse.GetValue(certificate)!, parse.GetValue(key)!, new CertificateValidationOptions
            {
                ExpectedNames = parse.GetValue(names) ?? [],
                SkipNameCheck = parse.GetValue(skipNameCheck),
            });
            if (!result.IsValid)
            {
                foreach (var problem in result.Problems) Console.Error.WriteLine($"certs: {problem.Message}");
                Console.Error.WriteLine("certs: nothing was changed");
                return 1;
            }
            // The key goes first: a reload that sees the new key with the old certificate refuses the pair and waits for both.
            PemFiles.WriteAtomically(files.ServerKeyPath, File.ReadAllText(parse.GetValue(key)!), PemFiles.PrivateMode);
            PemFiles.WriteAtomically(files.ServerCertificatePath, File.ReadAllText(parse.GetValue(certificate)!), PemFiles.PublicMode);
            Print(result.Certificate!, files);
            return 0;
        }));

        return new Command("certs", "show, renew or replace the TLS certificate") { show, renew, replace };
    }

    private static void Print(CertificateInfo info, CertificateFiles files)
    {
        Console.WriteLine($"certificate: {files.ServerCertificatePath}");
        Console.WriteLine($"serial:      {info.SerialNumber}");
        Console.WriteLine($"names:       {string.Join(", ", info.DnsNames)}");
        Console.WriteLine($"addresses:   {string.Join(", ", info.IPAddresses)}");
        Console.WriteLine($"valid:       {info.NotBefore:u} to {info.NotAfter:u} ({info.DaysUntilExpiry} days left)");
        Console.WriteLine($"clients trust: {files.CaCertificatePath}");
    }

    private static async Task<int> WithFilesAsync(CommonOptions common, ParseResult parse, CancellationToken cancellationToken,
        Func<CertificateFiles, TlsOptions, int> action)
    {
        await using var registry = await OfflineRegistry.OpenAsync(common.HostArguments(parse), cancellationToken);
        var provider = registry.Services.GetRequiredService<ServerCertificateProvider>();
        if (!provider.Files.HasServerCertificate)
        {
            Console.Error.WriteLine($"certs: no certificate in {provider.Files.Directory} yet; start the registry once or use 'certs replace'");
            if (parse.CommandResult.Command.Name != "replace") return 1;
        }
        var exitCode = action(provider.Files, registry.Services.GetRequiredService<IOptions<TlsOptions>>().Value);
        // Replicas: published here too, so that the others take it even when no registry runs on this host to notice the files.
        if (exitCode == 0 && parse.CommandResult.Command.Name != "show" && registry.Services.GetService<SharedCertificateSync>() is { } sharing
            && await sharing.PublishLocalAsync(cancellationToken))
        {
            Console.WriteLine("shared with the other replicas through the database");
        }
        return exitCode;
    }
}
