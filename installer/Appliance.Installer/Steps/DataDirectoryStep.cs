using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>The data directory (blobs, database, certificates), owned by the service user and closed to others.</summary>
public sealed class DataDirectoryStep : IStep
{
    public string Title => "Create the data directory";

    public async Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) =>
        (await context.RunAsync($"test -d {Shell.Quote(context.Layout.DataDirectory)}", cancellationToken)).Succeeded;

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        await context.RunCheckedAsync($"install -d -m 0750 {context.Layout.InstallOwnerFlags}{Shell.Quote(context.Layout.DataDirectory)}", "creating the data directory", cancellationToken);
        await context.RelabelAsync(context.Layout.DataDirectory, cancellationToken);
        context.Reporter.Ok(context.Layout.DataDirectory);
    }

    /// <summary>Only runs when this install created the directory, so it holds nothing but what this install put there.</summary>
    public Task UndoAsync(StepContext context, CancellationToken cancellationToken) =>
        context.RunCheckedAsync($"rm -rf {Shell.Quote(context.Layout.DataDirectory)}", "removing the data directory", cancellationToken);
}
