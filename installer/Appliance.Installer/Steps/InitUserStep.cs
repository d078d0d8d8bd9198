using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>
/// Opens the registry's data once with its own CLI, which creates the database, the init admin user and (unless
/// one is supplied) the CA and certificate. A given --initPassword travels on standard input into the server's
/// environment; it is never on a command line, in a file of ours or in a log.
/// </summary>
public sealed class InitUserStep(InstallPlan plan) : IStep
{
    public string Title => $"Create the database and the admin user '{plan.InitUser}'";

    public async Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) =>
        (await context.RunAsync($"test -e {Shell.Quote(context.Layout.DatabasePath)}", cancellationToken)).Succeeded;

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var command = context.Layout.RegistryCommand("users list");
        if (plan.InitPassword is not null) command = $"IFS= read -r APPLIANCE_AUTH__INITPASSWORD && export APPLIANCE_AUTH__INITPASSWORD && exec {command}";
        var input = plan.InitPassword is null ? null : plan.InitPassword + "\n";
        (await context.RunAsync(context.Layout.AsServiceUser(command), cancellationToken, input)).EnsureSuccess("creating the database and init user");
        context.Reporter.Ok($"admin user {plan.InitUser}; password in {context.Layout.InitPasswordFile}");
    }

    /// <summary>Runs only when this install created the database; the data directory's own undo removes the rest.</summary>
    public Task UndoAsync(StepContext context, CancellationToken cancellationToken)
    {
        var data = Shell.Quote(context.Layout.DataDirectory);
        return context.RunCheckedAsync($"rm -rf {data}/registry.db {data}/registry.db-wal {data}/registry.db-shm {data}/init-password {data}/tls",
            "removing the database", cancellationToken);
    }
}
