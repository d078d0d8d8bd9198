using Appliance.Installer.Installation;

namespace Appliance.Installer.Steps;

/// <summary>Opens the registry port in firewalld when it runs (RHEL's default); nothing to do elsewhere.</summary>
public sealed class FirewallStep(InstallPlan plan) : IStep
{
    public string Title => $"Open port {plan.Port}/tcp in the firewall";

    public async Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (!plan.FirewallActive)
        {
            context.Reporter.Detail("firewalld is not running");
            return true;
        }
        return (await context.RunAsync($"firewall-cmd --query-port={plan.Port}/tcp", cancellationToken)).Succeeded;
    }

    public Task ApplyAsync(StepContext context, CancellationToken cancellationToken) => context.RunCheckedAsync(
        $"firewall-cmd --permanent --add-port={plan.Port}/tcp && firewall-cmd --reload", "firewall-cmd --add-port", cancellationToken);

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => context.RunCheckedAsync(
        $"firewall-cmd --permanent --remove-port={plan.Port}/tcp && firewall-cmd --reload", "firewall-cmd --remove-port", cancellationToken);
}
