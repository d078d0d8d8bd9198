using System.CommandLine;
using Appliance.Certs;
using Appliance.Installer.Cli;
using Appliance.Installer.Steps;

namespace Appliance.Installer.Commands;

/// <summary>
/// <c>certs show|renew|replace</c> on the installed registry. The server reloads replaced files by itself, so
/// none of them restarts it; replace validates the files here before anything is copied.
/// </summary>
public static class CertsCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var show = new Command("show", "print the served certificate: names, addresses, serial, expiry");
        show.SetAction((parse, cancellationToken) => RunOnServerAsync(parse, connection, "certs show", cancellationToken));
        var renew = new Command("renew", "re-issue the certificate from the registry's CA with the same names");
        renew.SetAction((parse, cancellationToken) => RunOnServerAsync(parse, connection, "certs renew", cancellationToken));

        var certificate = Flags.Create<string>("--sslCert", "PEM certificate (leaf first, then intermediates)");
        certificate.Required = true;
        var key = Flags.Create<string>("--sslKey", "PEM private key, unencrypted");
        key.Required = true;
        var skip = Flags.Create<bool>("--sslCheckSkip", "do not check that the certificate names the registry's host");
        var replace = new Command("replace", "validate a certificate and key here, then install them on the registry without a restart") { certificate, key, skip };
        replace.SetAction((parse, cancellationToken) => Session.RunAsync(parse, connection, cancellationToken, async (target, reporter) =>
        {
            var (context, record) = await Session.ExistingAsync(target, reporter, cancellationToken);
            var host = InstallCommand.ParseHostname(record.QuayHostname).Host;
            var result = new CertificateValidator().Validate(parse.GetValue(certificate)!, parse.GetValue(key)!, new CertificateValidationOptions
            {
                ExpectedNames = [host], SkipNameCheck = parse.GetValue(skip),
            });
            if (!result.IsValid)
            {
                throw new InstallerException("the certificate cannot be used; nothing was changed:\n" + string.Join('\n', result.Problems.Select(p => $"  - {p.Message}")));
            }
            Console.Write(await CertificatesStep.ReplaceAsync(context, parse.GetValue(certificate)!, parse.GetValue(key)!, host, parse.GetValue(skip), cancellationToken));
            return 0;
        }));
        return new Command("certs", "show, renew or replace the registry's TLS certificate") { show, renew, replace };
    }

    private static Task<int> RunOnServerAsync(ParseResult parse, ConnectionOptions connection, string arguments, CancellationToken cancellationToken) =>
        PassThroughCommand.RunAsync(parse, connection, arguments, null, cancellationToken);
}
