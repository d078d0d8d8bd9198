using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>The server's config.yaml, readable by the service user but not writable by it.</summary>
public sealed class WriteConfigStep(InstallPlan plan) : IStep
{
    private string? previous;

    public string Title => "Write the registry configuration";

    private string Content(StepContext context) => RegistryConfig.Render(context.Layout, plan.Port, plan.CertificateHostNames, plan.InitUser, plan.Engines);

    public async Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) =>
        await context.ReadFileAsync(context.Layout.ConfigPath, cancellationToken) == Content(context);

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        previous = await context.ReadFileAsync(context.Layout.ConfigPath, cancellationToken);
        await context.RunCheckedAsync($"mkdir -p -m 0755 {Shell.Quote(context.Layout.ConfigDirectory)}", "creating the config directory", cancellationToken);
        var owner = context.Layout.IsSystem ? $"root:{InstallLayout.ServiceUser}" : null;
        await context.WriteFileAsync(context.Layout.ConfigPath, Content(context), "0640", owner, cancellationToken);
        await context.RelabelAsync(context.Layout.ConfigDirectory, cancellationToken);
        context.Reporter.Ok($"{context.Layout.ConfigPath} (listen 0.0.0.0:{plan.Port}, certificate names {string.Join(", ", plan.CertificateHostNames)})");
    }

    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) => previous is null
        ? context.RunCheckedAsync($"rm -f {Shell.Quote(context.Layout.ConfigPath)}; rmdir {Shell.Quote(context.Layout.ConfigDirectory)} 2>/dev/null || true",
            "removing the config", cancellationToken)
        : context.WriteFileAsync(context.Layout.ConfigPath, previous, "0640", context.Layout.IsSystem ? $"root:{InstallLayout.ServiceUser}" : null, cancellationToken);
}
