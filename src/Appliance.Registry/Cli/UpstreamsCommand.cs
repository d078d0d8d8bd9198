using System.CommandLine;
using Appliance.Registry.Hosting;
using Appliance.Upstream;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>upstreams test</c>: can this host use every configured upstream (reachable through the proxy, certificate trusted,
/// the pull secret's credentials accepted)? Prints one line per problem on standard error (exit code 1), never a secret.
/// </summary>
public static class UpstreamsCommand
{
    public static Command Create(CommonOptions common)
    {
        var test = new Command("test", "check that every upstream is reachable, its certificate trusted and its credentials accepted");
        test.TreatUnmatchedTokensAsErrors = false;
        test.SetAction(async (parse, cancellationToken) =>
        {
            var configuration = RegistryHost.LoadConfiguration(common.HostArguments(parse));
            var options = configuration.GetSection(UpstreamOptions.Section).Get<UpstreamOptions>() ?? new UpstreamOptions();
            if (!options.Enabled)
            {
                Console.Error.WriteLine("no upstreams are configured (upstreams.mappings is empty)");
                return 1;
            }
            if (UpstreamOptionsValidation.Validate(options) is { Count: > 0 } errors)
            {
                foreach (var error in errors) Console.Error.WriteLine(error);
                return 1;
            }
            using var upstreams = new HttpUpstreams(options, TimeProvider.System);
            var checks = upstreams.Registries.Select(async registry => (registry.Host, Problems: await registry.CheckAsync(cancellationToken))).ToArray();
            var problems = 0;
            foreach (var (host, found) in await Task.WhenAll(checks))
            {
                if (found.Count == 0) Console.WriteLine($"{host}: ok");
                foreach (var problem in found) Console.Error.WriteLine(problem);
                problems += found.Count;
            }
            return problems == 0 ? 0 : 1;
        });
        var command = new Command("upstreams", "the registries this one pulls through and syncs from (upstreams.*)");
        command.Subcommands.Add(test);
        return command;
    }
}
