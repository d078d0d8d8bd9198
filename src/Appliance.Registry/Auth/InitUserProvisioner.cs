using Appliance.Core.Auth;
using Appliance.Certs;
using Appliance.Registry.Configuration;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Auth;

/// <summary>
/// Creates the first administrator, as mirror-registry does, when no user exists yet. The password
/// is written to &lt;data&gt;/init-password (0600) and shown once at an interactive terminal; it is never logged.
/// </summary>
public sealed class InitUserProvisioner(UserService users, IOptions<AuthOptions> auth, IOptions<StorageOptions> storage,
    ILogger<InitUserProvisioner> logger)
{
    public string PasswordFile => Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "init-password");

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (!auth.Value.Enabled || (await users.ListAsync(cancellationToken)).Count > 0) return;
        var name = auth.Value.InitUser;
        var password = auth.Value.InitPassword is { Length: > 0 } given ? given : UserService.GeneratePassword();
        try
        {
            await users.AddAsync(name, Role.Admin, password, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // A replica sharing the metadata store created it a moment earlier; the password file is on that replica's host.
            if ((await users.ListAsync(cancellationToken)).Count > 0) return;
            throw;
        }
        PemFiles.WriteAtomically(PasswordFile, password + "\n", PemFiles.PrivateMode);
        logger.LogInformation("Created the initial admin user {User}; its password is in {PasswordFile}", name, PasswordFile);
        // Shown only to a person at a terminal: under systemd the console is the journal, and secrets stay out of logs.
        if (auth.Value.InitPassword is null && !Console.IsErrorRedirected)
        {
            Console.Error.WriteLine($"""

                Initial admin user: {name}
                Password (shown once, also in {PasswordFile}): {password}

                """);
        }
    }

    /// <summary>
    /// Deletes the init password file when <paramref name="userName"/> is the init user: after its password
    /// changes or the user is deleted, a password left on disk would only mislead. Returns whether it did.
    /// </summary>
    public bool DiscardPasswordFileOf(string userName)
    {
        if (!string.Equals(userName, auth.Value.InitUser, StringComparison.Ordinal) || !File.Exists(PasswordFile)) return false;
        File.Delete(PasswordFile);
        return true;
    }
}
