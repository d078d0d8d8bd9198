using System.CommandLine;
using Appliance.Core.Audit;
using Appliance.Core.Identity;
using Appliance.Registry.Audit;

namespace Appliance.Registry.Cli;

/// <summary><c>groups list|add|delete|add-member|remove-member</c>: the registry's local groups, working on the data directory.</summary>
public static class GroupsCommand
{
    public static Command Create(CommonOptions common)
    {
        var name = new Argument<string>("group") { Description = "group name" };
        var user = new Argument<string>("user") { Description = "user name (local, or from the directory)" };

        var list = new Command("list", "list the local groups and their members");
        list.SetAction((parse, cancellationToken) => WithGroupsAsync(common, parse, cancellationToken, async (groups, _) =>
        {
            foreach (var group in await groups.ListAsync(cancellationToken)) Console.WriteLine($"{group.Name,-32} {string.Join(' ', group.Members)}");
        }));

        var add = new Command("add", "create a local group") { name };
        add.SetAction((parse, cancellationToken) => WithGroupsAsync(common, parse, cancellationToken, async (groups, audit) =>
        {
            await groups.AddAsync(parse.GetValue(name)!, cancellationToken);
            await audit.RecordLocalAsync(AuditActions.GroupAdd, detail: $"group {parse.GetValue(name)}");
        }));

        var delete = new Command("delete", "delete a local group, its memberships and its grants") { name };
        delete.SetAction((parse, cancellationToken) => WithGroupsAsync(common, parse, cancellationToken, async (groups, audit) =>
        {
            await groups.DeleteAsync(parse.GetValue(name)!, cancellationToken);
            await audit.RecordLocalAsync(AuditActions.GroupDelete, detail: $"group {parse.GetValue(name)}");
        }));

        var addMember = new Command("add-member", "add a user to a local group") { name, user };
        addMember.SetAction((parse, cancellationToken) => WithGroupsAsync(common, parse, cancellationToken, async (groups, audit) =>
        {
            await groups.AddMemberAsync(parse.GetValue(name)!, parse.GetValue(user)!, cancellationToken);
            await audit.RecordLocalAsync(AuditActions.GroupMemberAdd, detail: $"user {parse.GetValue(user)} to group {parse.GetValue(name)}");
        }));

        var removeMember = new Command("remove-member", "remove a user from a local group") { name, user };
        removeMember.SetAction((parse, cancellationToken) => WithGroupsAsync(common, parse, cancellationToken, async (groups, audit) =>
        {
            await groups.RemoveMemberAsync(parse.GetValue(name)!, parse.GetValue(user)!, cancellationToken);
            await audit.RecordLocalAsync(AuditActions.GroupMemberRemove, detail: $"user {parse.GetValue(user)} from group {parse.GetValue(name)}");
        }));

        return new Command("groups", "manage local groups (directory groups come from the directory)") { list, add, delete, addMember, removeMember };
    }

    private static Task<int> WithGroupsAsync(CommonOptions common, ParseResult parse, CancellationToken cancellationToken,
        Func<GroupService, AuditTrail, Task> action) =>
        OfflineRegistry.RunAsync("groups", common, parse, cancellationToken, services =>
            action(services.GetRequiredService<GroupService>(), services.GetRequiredService<AuditTrail>()));
}
