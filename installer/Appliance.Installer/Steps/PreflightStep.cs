using System.Net;
using Appliance.Certs;
using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>Checks everything that can be known before the first change, so a doomed install changes nothing.</summary>
public sealed class PreflightStep(InstallPlan plan) : IStep
{
    public const long MinimumFreeKilobytes = 1024 * 1024;

    /// <summary>The release tarball's suffix (build.sh dist) for each <c>uname -m</c> we ship for.</summary>
    private static readonly Dictionary<string, string> ReleaseNames = new() { ["x86_64"] = "linux-x64", ["aarch64"] = "linux-arm64" };

    public string Title => "Preflight checks";

    public bool ChangesTarget => false;

    public Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) => Task.FromResult(false);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        context.Payload.EnsureComplete();
        ValidateCertificate(context);
        var layout = context.Layout;
        if (layout.DataDirectory.Any(char.IsWhiteSpace) || !layout.DataDirectory.StartsWith('/'))
        {
            throw new InstallerException($"the data directory '{layout.DataDirectory}' must be an absolute path without spaces");
        }

        var architecture = context.Payload.Architecture;
        var system = await context.Target.RunAsync("uname -sm; . /etc/os-release 2>/dev/null && echo \"$PRETTY_NAME\"", cancellationToken: cancellationToken);
        var lines = system.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var reported = lines.FirstOrDefault()?.Trim();
        if (reported != $"Linux {architecture}")
        {
            var hint = reported?.Split(' ') is ["Linux", var machine] && ReleaseNames.TryGetValue(machine, out var release)
                ? $": install the {release} release there" : "";
            throw new InstallerException($"this release is for Linux {architecture}; the target reports '{reported}'{hint}");
        }
        context.Reporter.Detail($"system: {(lines.Length > 1 ? lines[1] : "Linux")} {architecture}");

        if (!(await context.Target.RunAsync("test -d /run/systemd/system", cancellationToken: cancellationToken)).Succeeded)
        {
            throw new InstallerException("systemd is not running on the target (no /run/systemd/system); the registry runs as a systemd service");
        }
        if (layout.IsSystem)
        {
            var sudo = await context.RunAsync("true", cancellationToken);
            if (!sudo.Succeeded) throw new InstallerException($"cannot become root with sudo: {sudo.StandardError.Trim()} (use --askBecomePass if sudo needs a password)");
        }
        else if (plan.Port < 1024)
        {
            throw new InstallerException($"a rootless install cannot listen on port {plan.Port}; pick a port of 1024 or above in --quayHostname");
        }

        await CheckExistingInstallationAsync(context, cancellationToken);
        await CheckPortAsync(context, cancellationToken);
        await CheckDiskSpaceAsync(context, cancellationToken);
        await CheckHostNameAsync(context, cancellationToken);
        await DetectSecurityAsync(context, cancellationToken);
        await EngineCheck.RunAsync(context, plan.Engines, cancellationToken);
        context.Reporter.Ok($"target ready for a {(layout.IsSystem ? "system" : "rootless")} install of {context.Payload.Version}");
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A supplied certificate is checked on this machine first: a bad one must not cost a half-done install.</summary>
    private void ValidateCertificate(StepContext context)
    {
        if (plan.SslCertificate is null && plan.SslKey is null) return;
        if (plan.SslCertificate is null || plan.SslKey is null) throw new InstallerException("--sslCert and --sslKey go together");
        var result = new CertificateValidator().Validate(plan.SslCertificate, plan.SslKey, new CertificateValidationOptions
        {
            ExpectedNames = [plan.QuayHost],
            SkipNameCheck = plan.SslCheckSkip,
        });
        if (!result.IsValid)
        {
            throw new InstallerException("the certificate cannot be used:\n" + string.Join('\n', result.Problems.Select(p => $"        - {p.Message}")));
        }
        context.Reporter.Detail($"certificate {plan.SslCertificate}: valid for {string.Join(", ", result.Certificate!.DnsNames)} until {result.Certificate.NotAfter:u}");
    }

    private async Task CheckExistingInstallationAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (await InstallationLocator.FindAsync(context.Target, cancellationToken) is not { } existing) return;
        if (!plan.Force)
        {
            throw new InstallerException($"version {existing.Version} is already installed on {context.Target.Description} (data in {existing.DataDirectory}); "
                + "run 'mirror-registry upgrade' to update it, or 'mirror-registry install --force' to reinstall keeping the data");
        }
        if (plan.Engines.Settings.Mismatch(existing.EngineSettings) is { } mismatch)
        {
            throw new InstallerException($"install --force keeps the data of {existing.Version} on {context.Target.Description} where it is, but {mismatch}");
        }
        context.Reporter.Detail($"reinstalling over {existing.Version} (--force); data in {existing.DataDirectory} is kept");
    }

    private async Task CheckPortAsync(StepContext context, CancellationToken cancellationToken)
    {
        var listeners = await context.Target.RunAsync($"ss -ltnH 'sport = :{plan.Port}'", cancellationToken: cancellationToken);
        if (!listeners.Succeeded) throw new InstallerException("cannot list listening ports on the target ('ss' from iproute is required)");
        if (listeners.StandardOutput.Trim().Length == 0) return;
        if (plan.PortTakenOver)
        {
            context.Reporter.Detail($"port {plan.Port} is served by the registry being taken over; it is free once that one stops");
            return;
        }
        if (plan.Force && (await context.Target.RunAsync($"{context.Layout.Systemctl} is-active --quiet {InstallLayout.UnitName}", context.Layout.IsSystem,
            cancellationToken: cancellationToken)).Succeeded) return;
        var owner = await context.Target.RunAsync($"ss -ltnpH 'sport = :{plan.Port}'", context.Layout.IsSystem, cancellationToken: cancellationToken);
        throw new InstallerException($"port {plan.Port} is already in use on the target: {owner.StandardOutput.Trim()}; stop that service or choose another port with --quayHostname HOST:PORT");
    }

    private static async Task CheckDiskSpaceAsync(StepContext context, CancellationToken cancellationToken)
    {
        var freeKilobytes = await context.Target.FreeKilobytesAsync(context.Layout.DataDirectory, sudo: false, cancellationToken);
        if (freeKilobytes < MinimumFreeKilobytes)
        {
            throw new InstallerException($"only {freeKilobytes / 1024} MiB free for {context.Layout.DataDirectory}; at least 1 GiB is needed (mirrors need far more)");
        }
        context.Reporter.Detail($"free space for {context.Layout.DataDirectory}: {freeKilobytes / 1024 / 1024} GiB");
    }

    private async Task CheckHostNameAsync(StepContext context, CancellationToken cancellationToken)
    {
        var names = await context.Target.RunAsync("hostname -f 2>/dev/null || hostname; hostname", cancellationToken: cancellationToken);
        var targetNames = names.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        IEnumerable<string> quayName = IPAddress.TryParse(plan.QuayHost, out _) ? [] : [plan.QuayHost];
        plan.CertificateHostNames.Clear();
        plan.CertificateHostNames.AddRange(quayName.Concat(targetNames).Append("localhost").Distinct(StringComparer.OrdinalIgnoreCase));
        if (IPAddress.TryParse(plan.QuayHost, out _)) return;
        if (!(await context.Target.RunAsync($"getent hosts {Shell.Quote(plan.QuayHost)}", cancellationToken: cancellationToken)).Succeeded)
        {
            throw new InstallerException($"{plan.QuayHost} does not resolve on the target; add it to DNS or /etc/hosts, or pass --quayHostname with a name that resolves");
        }
    }

    private async Task DetectSecurityAsync(StepContext context, CancellationToken cancellationToken)
    {
        if ((await context.Target.RunAsync("command -v selinuxenabled >/dev/null && selinuxenabled", cancellationToken: cancellationToken)).Succeeded)
        {
            context.Reporter.Detail("SELinux is enabled: installed files will be relabeled with restorecon");
        }
        plan.FirewallActive = context.Layout.IsSystem
            && (await context.Target.RunAsync("systemctl is-active --quiet firewalld", cancellationToken: cancellationToken)).Succeeded;
        if (plan.FirewallActive) context.Reporter.Detail($"firewalld is active: port {plan.Port}/tcp will be opened");
    }
}
