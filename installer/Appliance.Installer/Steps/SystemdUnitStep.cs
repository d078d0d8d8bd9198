using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>
/// Renders the system or user unit template, checks it with <c>systemd-analyze verify</c> and reloads systemd.
/// A rootless install also enables lingering, so the user's service runs without a login session.
/// </summary>
public sealed class SystemdUnitStep(bool isSystem, int port) : IStep
{
    private string? previous;

    public string Title => $"Install the systemd {(isSystem ? "system" : "user")} unit";

    public async Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) =>
        await context.ReadFileAsync(context.Layout.UnitPath, cancellationToken) == Render(context) && await LingerAsync(context, cancellationToken);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var layout = context.Layout;
        previous = await context.ReadFileAsync(layout.UnitPath, cancellationToken);
        await context.RunCheckedAsync($"mkdir -p {Shell.Quote(layout.UnitDirectory)}", "creating the unit directory", cancellationToken);
        await context.WriteFileAsync(layout.UnitPath, Render(context), "0644", layout.IsSystem ? "root:root" : null, cancellationToken);
        var verify = await context.RunAsync($"systemd-analyze {(layout.IsSystem ? "" : "--user ")}verify {Shell.Quote(layout.UnitPath)} 2>&1", cancellationToken);
        if (!verify.Succeeded) throw new InstallerException($"systemd-analyze verify rejected {layout.UnitPath}: {verify.StandardOutput.Trim()}");
        if (!layout.IsSystem && !await LingerAsync(context, cancellationToken))
        {
            await context.RunCheckedAsync("loginctl enable-linger \"$(id -un)\"", "loginctl enable-linger", cancellationToken);
        }
        await context.RunCheckedAsync($"{layout.Systemctl} daemon-reload", "systemctl daemon-reload", cancellationToken);
        context.Reporter.Ok(layout.UnitPath);
    }

    public async Task UndoAsync(StepContext context, CancellationToken cancellationToken)
    {
        var layout = context.Layout;
        if (previous is null) await context.RunCheckedAsync($"rm -f {Shell.Quote(layout.UnitPath)}", "removing the unit", cancellationToken);
        else await context.WriteFileAsync(layout.UnitPath, previous, "0644", layout.IsSystem ? "root:root" : null, cancellationToken);
        await context.RunCheckedAsync($"{layout.Systemctl} daemon-reload", "systemctl daemon-reload", cancellationToken);
    }

    private string Render(StepContext context)
    {
        var template = context.Layout.IsSystem ? context.Payload.SystemUnitTemplate : context.Payload.UserUnitTemplate;
        return UnitTemplate.Render(File.ReadAllText(template), context.Layout, port);
    }

    private static async Task<bool> LingerAsync(StepContext context, CancellationToken cancellationToken) =>
        context.Layout.IsSystem || (await context.RunAsync("test -e \"/var/lib/systemd/linger/$(id -un)\"", cancellationToken)).Succeeded;
}
