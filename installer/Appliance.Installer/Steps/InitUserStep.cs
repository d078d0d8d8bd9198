using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>
/// Opens the registry's data once with its own CLI, which creates the database, the init admin user and (unless
/// one is supplied) the CA and certificate. A given --initPassword travels on standard input into the server's
/// environment; it is never on a command line, in a file of ours or in a log. With PostgreSQL the users are shared:
/// the first replica installed creates the init user and gets its password file; later replicas find it there.
/// </summary>
public sealed class InitUserStep(InstallPlan plan) : IStep
{
    private bool createdSharedUser;

    public string Title => $"Create the database and the admin user '{plan.InitUser}'";

    /// <summary>SQLite: the database file is there. PostgreSQL: the certificate is (users list ran), since the database is elsewhere.</summary>
    private string Marker(InstallLayout layout) => plan.Engines.Settings.Postgres is null ? layout.DatabasePath : layout.CaCertificate;

    public async Task<bool> IsDoneAsync(StepContext context, CancellationToken cancellationToken) =>
        (await context.RunAsync($"test -e {Shell.Quote(Marker(context.Layout))}", cancellationToken)).Succeeded;

    public async Task ApplyAsync(StepContext context, CancellationToken cancellationToken)
    {
        var command = context.Layout.RegistryCommand("users list");
        if (plan.InitPassword is not null) command = $"IFS= read -r APPLIANCE_AUTH__INITPASSWORD && export APPLIANCE_AUTH__INITPASSWORD && exec {command}";
        var input = plan.InitPassword is null ? null : plan.InitPassword + "\n";
        var passwordFile = Shell.Quote(context.Layout.InitPasswordFile);
        var hadPasswordFile = (await context.RunAsync($"test -e {passwordFile}", cancellationToken)).Succeeded;
        (await context.RunAsync(context.Layout.AsServiceUser(command), cancellationToken, input)).EnsureSuccess("creating the database and init user");
        plan.InitPasswordWritten = (await context.RunAsync($"test -e {passwordFile}", cancellationToken)).Succeeded;
        createdSharedUser = plan.Engines.Settings.Postgres is not null && plan.InitPasswordWritten && !hadPasswordFile;
        context.Reporter.Ok(plan.InitPasswordWritten
            ? $"admin user {plan.InitUser}; password in {context.Layout.InitPasswordFile}"
            : $"the PostgreSQL database already has its users (another replica was installed first): the password of {plan.InitUser} is on that host");
    }

    /// <summary>
    /// Runs only when this install created the database; the data directory's own undo removes the rest. A user this
    /// install created in PostgreSQL is deleted too: its password would go with this host's files, and the next
    /// install would find a user nobody can log in as.
    /// </summary>
    public async Task UndoAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (createdSharedUser)
        {
            (await context.RunRegistryAsync($"users delete {Shell.Quote(plan.InitUser)}", cancellationToken)).EnsureSuccess($"deleting {plan.InitUser} from PostgreSQL");
        }
        var data = Shell.Quote(context.Layout.DataDirectory);
        await context.RunCheckedAsync($"rm -rf {data}/registry.db {data}/registry.db-wal {data}/registry.db-shm {data}/init-password {data}/tls",
            "removing the database", cancellationToken);
    }
}
