using System.CommandLine;
using Appliance.Core.Audit;
using Appliance.Core.Auth;
using Appliance.Core.Identity;
using Appliance.Registry.Audit;

namespace Appliance.Registry.Cli;

/// <summary>
/// <c>robots add|list|rotate|delete|pull-secret</c>, working on the data directory. A secret is printed once, when it is
/// made (or written only into the pull secret file asked for), and never logged or audited: only its hash is kept.
/// </summary>
public static class RobotsCommand
{
    public static Command Create(CommonOptions common)
    {
        var name = new Argument<string>("name") { Description = "robot name: namespace+name, e.g. ocp4+puller" };
        var description = new Option<string>("--description") { Description = "what the robot is for", DefaultValueFactory = _ => "" };
        var expires = new Option<TimeSpan?>("--expires")
        {
            Description = "refuse the robot after this period, e.g. 90d (default: never)", HelpName = "duration", CustomParser = DurationOption.Parse,
        };
        var role = new Option<Role?>("--role") { Description = "a global role besides its grants: pull, push, admin or metrics (default: none)" };
        var grace = new Option<TimeSpan?>("--grace")
        {
            Description = "how long the previous secret stays valid, e.g. 1h (default: revoked at once)", HelpName = "duration",
            CustomParser = DurationOption.Parse,
        };
        var registry = new Option<string?>("--registry") { Description = "host:port clients pull from, for the pull secret", HelpName = "host:port" };
        var pullSecretFile = new Option<string?>("--pull-secret")
        {
            Description = "write the new secret as a pull secret (0600) to this file instead of printing it; needs --registry", HelpName = "file",
        };
        var merge = new Option<string?>("--merge")
        {
            Description = "pull secret file to add this registry's entry to; its other entries stay byte-for-byte", HelpName = "file",
        };

        var add = new Command("add", "create a robot account; prints its secret once") { name, description, expires, role, registry, pullSecretFile, merge };
        add.SetAction((parse, cancellationToken) => WithRobotsAsync(common, parse, cancellationToken, async (robots, audit, clock) =>
        {
            var target = await PullSecretTargetAsync(parse, cancellationToken);
            var (@namespace, shortName) = Split(parse.GetValue(name)!);
            var expiresAt = clock.GetUtcNow() + parse.GetValue(expires);
            var (robot, secret) = await robots.AddAsync(@namespace, shortName, parse.GetValue(description)!, expiresAt, parse.GetValue(role), cancellationToken);
            await audit.RecordLocalAsync(AuditActions.RobotAdd, detail: IdentityAuditDetail.RobotAdd(robot));
            Console.Error.WriteLine($"created robot {robot.Name}");
            await ShowSecretAsync(target, robot.Name, secret, cancellationToken);
        }));

        var list = new Command("list", "list robot accounts: role, expiry and last use (UTC), description");
        list.SetAction((parse, cancellationToken) => WithRobotsAsync(common, parse, cancellationToken, async (robots, _, _) =>
        {
            foreach (var robot in await robots.ListAsync(cancellationToken))
            {
                Console.WriteLine($"{robot.Name,-48} {(robot.Role is { } global ? Name(global) : "-"),-8} "
                                  + $"{TimeOrNever(robot.ExpiresAt),-20} {TimeOrNever(robot.LastUsed),-20} {robot.Description}");
            }
        }));

        var rotate = new Command("rotate", "give a robot a new secret; prints it once") { name, grace, registry, pullSecretFile, merge };
        rotate.SetAction((parse, cancellationToken) => WithRobotsAsync(common, parse, cancellationToken, async (robots, audit, clock) =>
        {
            var target = await PullSecretTargetAsync(parse, cancellationToken);
            var secret = await RotateAsync(robots, audit, clock, parse.GetValue(name)!, parse.GetValue(grace), cancellationToken);
            await ShowSecretAsync(target, parse.GetValue(name)!, secret, cancellationToken);
        }));

        var delete = new Command("delete", "delete a robot account and its grants; its secrets stop working at once") { name };
        delete.SetAction((parse, cancellationToken) => WithRobotsAsync(common, parse, cancellationToken, async (robots, audit, _) =>
        {
            await robots.DeleteAsync(parse.GetValue(name)!, cancellationToken);
            await audit.RecordLocalAsync(AuditActions.RobotDelete, detail: $"robot {parse.GetValue(name)}");
        }));

        var secretStdin = new Option<bool>("--secret-stdin") { Description = "read the robot's current secret from standard input instead of rotating it" };
        var requiredRegistry = new Option<string>("--registry") { Description = "host:port clients pull from", Required = true };
        var output = new Option<string?>("--out") { Description = "write the pull secret to this file (0600) instead of printing it" };
        var pullSecret = new Command("pull-secret",
            "print {\"auths\":...} for the robot, or FILE with it merged in (--merge). Secrets are stored hashed, so without "
            + "--secret-stdin the robot gets a new secret (the previous one valid for --grace)") { name, requiredRegistry, secretStdin, grace, merge, output };
        pullSecret.SetAction((parse, cancellationToken) => WithRobotsAsync(common, parse, cancellationToken, async (robots, audit, clock) =>
        {
            var existing = await PullSecretFile.ReadForMergeAsync(parse.GetValue(merge), cancellationToken);
            var robotName = parse.GetValue(name)!;
            string secret;
            if (parse.GetValue(secretStdin))
            {
                secret = PullSecretFile.ReadSecretFromStdin();
                if (await robots.AuthenticateAsync(robotName, secret, clock.GetUtcNow(), cancellationToken) is null)
                {
                    throw new InvalidOperationException($"wrong secret for {robotName}, or the robot has expired");
                }
            }
            else secret = await RotateAsync(robots, audit, clock, robotName, parse.GetValue(grace), cancellationToken);
            await PullSecretFile.WriteAsync(PullSecretFile.Document(existing, parse.GetValue(requiredRegistry)!, robotName, secret), parse.GetValue(output),
                cancellationToken);
        }));

        return new Command("robots", "manage robot accounts (namespace+name) for clusters and pipelines") { add, list, rotate, delete, pullSecret };

        // The file to write the new secret into as a pull secret, if any: checked, and the file to merge into read, before the
        // secret is made, so a mistake costs no secret.
        async Task<PullSecretTarget?> PullSecretTargetAsync(ParseResult parse, CancellationToken cancellationToken)
        {
            if (parse.GetValue(pullSecretFile) is not { } file)
            {
                return parse.GetValue(merge) is null ? null : throw new ArgumentException("--merge needs --pull-secret FILE to write to");
            }
            var host = parse.GetValue(registry) ?? throw new ArgumentException("--pull-secret needs --registry host:port");
            return new PullSecretTarget(file, host, await PullSecretFile.ReadForMergeAsync(parse.GetValue(merge), cancellationToken));
        }
    }

    /// <summary>The pull secret file <c>add</c> and <c>rotate</c> write the new secret into, with the file it is merged into read.</summary>
    private sealed record PullSecretTarget(string File, string Registry, byte[]? MergeInto);

    /// <summary>To standard output, or only into the pull secret file when one is asked for.</summary>
    private static async Task ShowSecretAsync(PullSecretTarget? target, string robotName, string secret, CancellationToken cancellationToken)
    {
        if (target is not { } pullSecret)
        {
            Console.WriteLine(secret);
            return;
        }
        await PullSecretFile.WriteAsync(PullSecretFile.Document(pullSecret.MergeInto, pullSecret.Registry, robotName, secret), pullSecret.File,
            cancellationToken);
    }

    private static async Task<string> RotateAsync(RobotService robots, AuditTrail audit, TimeProvider clock, string name, TimeSpan? grace,
        CancellationToken cancellationToken)
    {
        var secret = await robots.RotateAsync(name, grace ?? TimeSpan.Zero, cancellationToken);
        var validUntil = grace > TimeSpan.Zero ? clock.GetUtcNow() + grace.Value : (DateTimeOffset?)null;
        await audit.RecordLocalAsync(AuditActions.RobotRotate, detail: IdentityAuditDetail.RobotRotate(name, validUntil));
        Console.Error.WriteLine($"{name} has a new secret; the previous one is {IdentityAuditDetail.PreviousSecret(validUntil)}");
        return secret;
    }

    private static (string Namespace, string ShortName) Split(string name)
    {
        var separator = name.IndexOf(RobotAccount.Separator);
        return separator > 0 ? (name[..separator], name[(separator + 1)..]) : throw new ArgumentException($"robot name '{name}' must be namespace+name");
    }

    private static string Name(Role role) => role.ToString().ToLowerInvariant();

    private static string TimeOrNever(DateTimeOffset? time) => time is { } at ? IdentityAuditDetail.Time(at) : "never";

    private static Task<int> WithRobotsAsync(CommonOptions common, ParseResult parse, CancellationToken cancellationToken,
        Func<RobotService, AuditTrail, TimeProvider, Task> action) =>
        OfflineRegistry.RunAsync("robots", common, parse, cancellationToken, services =>
            action(services.GetRequiredService<RobotService>(), services.GetRequiredService<AuditTrail>(), services.GetRequiredService<TimeProvider>()));
}
