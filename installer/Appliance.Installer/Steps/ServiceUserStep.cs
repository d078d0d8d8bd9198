using Appliance.Installer.Installation;

namespace Appliance.Installer.Steps;

/// <summary>The unprivileged system user the service runs as; never a login account.</summary>
public sealed class ServiceUserStep : IStep
{
    public string Title => $"Create the system user '{InstallLayout.ServiceUser}'";

    public async Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) =>
        (await context.RunAsync($"getent passwd {InstallLayout.ServiceUser}", cancellationToken)).Succeeded;

    public Task ApplyAsync(StepContext context, CancellationToken cancellationToken) => context.RunCheckedAsync(
        $"useradd --system --user-group --no-create-home --home-dir {Targets.Shell.Quote(context.Layout.DataDirectory)} --shell /usr/sbin/nologin "
        + $"--comment 'Appliance mirror registry' {InstallLayout.ServiceUser}", "useradd", cancellationToken);

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) =>
        context.RunCheckedAsync($"userdel {InstallLayout.ServiceUser}", "userdel", cancellationToken);
}
