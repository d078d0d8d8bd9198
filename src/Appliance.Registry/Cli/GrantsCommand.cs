using System.CommandLine;
using Appliance.Core.Audit;
using Appliance.Core.Identity;
using Appliance.Registry.Audit;

namespace Appliance.Registry.Cli;

/// <summary><c>grants list|add|remove</c>: who may pull, push or administer which namespaces, working on the data directory.</summary>
public static class GrantsCommand
{
    public static Command Create(CommonOptions common)
    {
        var user = new Option<string?>("--user") { Description = "the user the grant is for (local, or from the directory)" };
        var group = new Option<string?>("--group") { Description = "the group the grant is for (local, or from the directory)" };
        var robot = new Option<string?>("--robot") { Description = "the robot account the grant is for (namespace+name)" };
        var anonymous = new Option<bool>("--anonymous") { Description = "the grant is for callers without credentials (pull only)" };
        var @namespace = new Option<string>("--namespace")
        {
            Description = "a namespace (the first path component of repositories: ocp4), a prefix ending in '*' (team-*), or '*' for all",
            Required = true,
        };
        var permission = new Option<NamespacePermission>("--permission")
        {
            Description = "pull, push (also deletes manifests and tags) or admin (also manages the namespace's grants and robots)",
            DefaultValueFactory = _ => NamespacePermission.Pull,
        };

        (PrincipalKind Kind, string Name) PrincipalOf(ParseResult parse)
        {
            List<(PrincipalKind Kind, string Name)> given = [];
            if (parse.GetValue(user) is { } userName) given.Add((PrincipalKind.User, userName));
            if (parse.GetValue(group) is { } groupName) given.Add((PrincipalKind.Group, groupName));
            if (parse.GetValue(robot) is { } robotName) given.Add((PrincipalKind.Robot, robotName));
            if (parse.GetValue(anonymous)) given.Add((PrincipalKind.Anonymous, ""));
            return given.Count == 1 ? given[0] : throw new ArgumentException("give one of --user, --group, --robot or --anonymous");
        }

        var list = new Command("list", "list the grants: principal, namespace pattern, permission");
        list.SetAction((parse, cancellationToken) => WithGrantsAsync(common, parse, cancellationToken, async (grants, _) =>
        {
            foreach (var grant in await grants.ListAsync(cancellationToken))
            {
                Console.WriteLine($"{GrantService.Describe(grant.Kind, grant.Principal),-48} {grant.Namespace,-32} {IdentityAuditDetail.Name(grant.Permission)}");
            }
        }));

        var add = new Command("add", "grant a permission on a namespace or pattern, or change the one granted there")
        {
            user, group, robot, anonymous, @namespace, permission,
        };
        add.SetAction((parse, cancellationToken) => WithGrantsAsync(common, parse, cancellationToken, async (grants, audit) =>
        {
            var (kind, principal) = PrincipalOf(parse);
            var grant = new Grant(kind, principal, parse.GetValue(@namespace)!, parse.GetValue(permission));
            var who = GrantService.Describe(kind, principal);
            if (!await grants.SetAsync(grant, cancellationToken))
            {
                Console.Error.WriteLine($"{who} has {IdentityAuditDetail.Name(grant.Permission)} on {grant.Namespace} already");
                return;
            }
            await audit.RecordLocalAsync(AuditActions.GrantSet, detail: IdentityAuditDetail.GrantSet(grant));
            Console.Error.WriteLine($"{who} now has {IdentityAuditDetail.Name(grant.Permission)} on {grant.Namespace}");
        }));

        var remove = new Command("remove", "remove a principal's grant on a namespace or pattern") { user, group, robot, anonymous, @namespace };
        remove.SetAction((parse, cancellationToken) => WithGrantsAsync(common, parse, cancellationToken, async (grants, audit) =>
        {
            var (kind, principal) = PrincipalOf(parse);
            var pattern = parse.GetValue(@namespace)!;
            await grants.RemoveAsync(kind, principal, pattern, cancellationToken);
            await audit.RecordLocalAsync(AuditActions.GrantRemove, detail: IdentityAuditDetail.GrantRemove(kind, principal, pattern));
        }));

        return new Command("grants", "manage namespace grants of users, groups, robot accounts and anonymous callers") { list, add, remove };
    }

    private static Task<int> WithGrantsAsync(CommonOptions common, ParseResult parse, CancellationToken cancellationToken,
        Func<GrantService, AuditTrail, Task> action) =>
        OfflineRegistry.RunAsync("grants", common, parse, cancellationToken, services =>
            action(services.GetRequiredService<GrantService>(), services.GetRequiredService<AuditTrail>()));
}
