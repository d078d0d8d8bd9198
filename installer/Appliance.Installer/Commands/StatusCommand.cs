using System.CommandLine;
using Appliance.Installer.Cli;
using Appliance.Installer.Installation;

namespace Appliance.Installer.Commands;

/// <summary><c>status</c>: what is installed where, whether the service runs, and what /health/ready says.</summary>
public static class StatusCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var command = new Command("status", "show the installed version, service state and readiness");
        command.SetAction((parse, cancellationToken) => Session.RunAsync(parse, connection, cancellationToken, async (target, reporter) =>
        {
            var (context, record) = await Session.ExistingAsync(target, reporter, cancellationToken);
            var active = await target.RunAsync($"{context.Layout.Systemctl} is-active {InstallLayout.UnitName}", cancellationToken: cancellationToken);
            var ready = await target.RunAsync($"curl -fsSk --max-time 5 https://127.0.0.1:{record.Port}/health/ready", cancellationToken: cancellationToken);
            reporter.Info($"version:  {record.Version} ({(record.IsSystem ? "system" : "rootless")} install of {record.InstalledAt:u})");
            reporter.Info($"URL:      https://{record.QuayHostname}");
            reporter.Info($"data:     {record.DataDirectory}");
            reporter.Info($"service:  {InstallLayout.UnitName} {active.StandardOutput.Trim()}");
            reporter.Info($"ready:    {(ready.Succeeded ? ready.StandardOutput.Trim() : "no answer")}");
            return active.Succeeded && ready.Succeeded ? 0 : 3;
        }));
        return command;
    }
}
