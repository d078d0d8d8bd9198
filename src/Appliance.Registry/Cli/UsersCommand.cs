using System.CommandLine;
using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Registry.Audit;
using Appliance.Registry.Auth;

namespace Appliance.Registry.Cli;

/// <summary><c>users add|list|passwd|role|delete|pull-secret</c>, working on the data directory.</summary>
public static class UsersCommand
{
    public static Command Create(CommonOptions common)
    {
        var name = new Argument<string>("name") { Description = "user name" };
        var role = new Option<Role>("--role") { Description = "pull (read-only, for pull secrets), push, admin, or metrics (reads /metrics only, for Prometheus)", DefaultValueFactory = _ => Role.Push };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "read the password from standard input instead of generating one" };
        var registry = new Option<string>("--registry") { Description = "host:port clients pull from", Required = true };

        var add = new Command("add", "create a user; prints the generated password once") { name, role, passwordStdin };
        add.SetAction((parse, cancellationToken) => WithUsersAsync(common, parse, cancellationToken, async (users, _, audit) =>
        {
            var (password, generated) = ReadOrGeneratePassword(parse.GetValue(passwordStdin));
            var user = await users.AddAsync(parse.GetValue(name)!, parse.GetValue(role), password, cancellationToken);
            await audit.RecordLocalAsync(AuditActions.UserAdd, detail: $"user {user.Name} with role {user.Role.ToString().ToLowerInvariant()}");
            Console.Error.WriteLine($"created user {user.Name} with role {user.Role.ToString().ToLowerInvariant()}");
            if (generated) Console.WriteLine(password);
        }));

        var list = new Command("list", "list users, their roles and when they last logged in (UTC)");
        list.SetAction((parse, cancellationToken) => WithUsersAsync(common, parse, cancellationToken, async (users, _, _) =>
        {
            foreach (var user in await users.ListAsync(cancellationToken))
            {
                Console.WriteLine($"{user.Name,-32} {user.Role.ToString().ToLowerInvariant(),-8} {user.LastLogin?.ToString("yyyy-MM-dd HH:mm:ss'Z'") ?? "never"}");
            }
        }));

        var passwd = new Command("passwd", "set a new password; prints it when generated") { name, passwordStdin };
        passwd.SetAction((parse, cancellationToken) => WithUsersAsync(common, parse, cancellationToken, async (users, init, audit) =>
        {
            var (password, generated) = ReadOrGeneratePassword(parse.GetValue(passwordStdin));
            await users.SetPasswordAsync(parse.GetValue(name)!, password, cancellationToken);
            await audit.RecordLocalAsync(AuditActions.UserPassword, detail: $"user {parse.GetValue(name)}");
            Console.Error.WriteLine($"password of {parse.GetValue(name)} changed");
            DiscardInitPassword(init, parse.GetValue(name)!);
            if (generated) Console.WriteLine(password);
        }));

        var roleArgument = new Argument<Role>("role") { Description = "pull, push or admin" };
        var setRole = new Command("role", "change a user's role") { name, roleArgument };
        setRole.SetAction((parse, cancellationToken) => WithUsersAsync(common, parse, cancellationToken, async (users, _, audit) =>
        {
            await users.SetRoleAsync(parse.GetValue(name)!, parse.GetValue(roleArgument), cancellationToken);
            await audit.RecordLocalAsync(AuditActions.UserRole,
                detail: $"user {parse.GetValue(name)} now has role {parse.GetValue(roleArgument).ToString().ToLowerInvariant()}");
        }));

        var delete = new Command("delete", "delete a user") { name };
        delete.SetAction((parse, cancellationToken) => WithUsersAsync(common, parse, cancellationToken, async (users, init, audit) =>
        {
            await users.DeleteAsync(parse.GetValue(name)!, cancellationToken);
            await audit.RecordLocalAsync(AuditActions.UserDelete, detail: $"user {parse.GetValue(name)}");
            DiscardInitPassword(init, parse.GetValue(name)!);
        }));

        var merge = new Option<string?>("--merge") { Description = "pull secret file to add this registry's entry to; its other entries stay byte-for-byte" };
        var output = new Option<string?>("--out") { Description = "write the pull secret to this file (0600) instead of printing it" };
        var pullSecret = new Command("pull-secret",
            "print {\"auths\":...} for the user, or FILE with it merged in (--merge). Passwords are stored hashed, so "
            + "without --password-stdin the user gets a new password") { name, registry, passwordStdin, merge, output };
        pullSecret.SetAction((parse, cancellationToken) => WithUsersAsync(common, parse, cancellationToken, async (users, init, audit) =>
        {
            var existing = await PullSecretFile.ReadForMergeAsync(parse.GetValue(merge), cancellationToken);
            var userName = parse.GetValue(name)!;
            var fromStdin = parse.GetValue(passwordStdin);
            var password = await PullSecretPasswordAsync(users, userName, fromStdin, cancellationToken);
            if (!fromStdin) await audit.RecordLocalAsync(AuditActions.UserPassword, detail: $"user {userName}, for a pull secret");
            if (!fromStdin) DiscardInitPassword(init, userName);
            await PullSecretFile.WriteAsync(PullSecretFile.Document(existing, parse.GetValue(registry)!, userName, password), parse.GetValue(output),
                cancellationToken);
        }));

        return new Command("users", "manage registry users") { add, list, passwd, setRole, delete, pullSecret };
    }

    private static async Task<string> PullSecretPasswordAsync(UserService users, string name, bool fromStdin, CancellationToken cancellationToken)
    {
        if (fromStdin)
        {
            var password = PullSecretFile.ReadSecretFromStdin();
            if (await users.AuthenticateAsync(name, password, cancellationToken) is null) throw new InvalidOperationException($"wrong password for {name}");
            return password;
        }
        var generated = UserService.GeneratePassword();
        await users.SetPasswordAsync(name, generated, cancellationToken);
        Console.Error.WriteLine($"{name} has a new password; update pull secrets that used the old one");
        return generated;
    }

    private static Task<int> WithUsersAsync(CommonOptions common, ParseResult parse, CancellationToken cancellationToken,
        Func<UserService, InitUserProvisioner, AuditTrail, Task> action) =>
        OfflineRegistry.RunAsync("users", common, parse, cancellationToken, services =>
            action(services.GetRequiredService<UserService>(), services.GetRequiredService<InitUserProvisioner>(), services.GetRequiredService<AuditTrail>()));

    private static void DiscardInitPassword(InitUserProvisioner init, string userName)
    {
        if (init.DiscardPasswordFileOf(userName)) Console.Error.WriteLine($"removed {init.PasswordFile}: it held the old password");
    }

    private static (string Password, bool Generated) ReadOrGeneratePassword(bool fromStdin) =>
        fromStdin ? (PullSecretFile.ReadSecretFromStdin(), false) : (UserService.GeneratePassword(), true);
}
