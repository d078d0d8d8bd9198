using System.CommandLine;
using System.Text.Json;
using Appliance.Core.Audit;

namespace Appliance.Registry.Cli;

/// <summary><c>audit [--since] [--user] [--repository] [--action] [--json]</c>: the audit trail, newest first.</summary>
public static class AuditCommand
{
    private static readonly JsonSerializerOptions JsonLines = new(JsonSerializerDefaults.Web);

    public static Command Create(CommonOptions common)
    {
        var since = new Option<TimeSpan?>("--since")
        {
            Description = "only events of this last period, e.g. 24h or 7d", HelpName = "duration", CustomParser = DurationOption.Parse,
        };
        var user = new Option<string?>("--user") { Description = "only events of this user" };
        var repository = new Option<string?>("--repository") { Description = "only events on this repository" };
        var action = new Option<string?>("--action") { Description = "only this action, e.g. manifest.delete" };
        var limit = new Option<int>("--limit") { Description = "at most this many events", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "one JSON object a line" };
        var command = new Command("audit", "list who pushed, moved, deleted, logged in wrongly, changed users, keys or certificates, and ran GC")
        {
            since, user, repository, action, limit, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var registry = await OfflineRegistry.OpenAsync(common.HostArguments(parse), cancellationToken);
            var log = registry.Services.GetRequiredService<IAuditLog>();
            var clock = registry.Services.GetRequiredService<TimeProvider>();
            var events = await log.ListAsync(new AuditQuery(clock.GetUtcNow() - parse.GetValue(since), parse.GetValue(user),
                parse.GetValue(repository), parse.GetValue(action), parse.GetValue(limit)), cancellationToken);
            foreach (var entry in events)
            {
                Console.WriteLine(parse.GetValue(json)
                    ? JsonSerializer.Serialize(entry, JsonLines)
                    : $"{entry.Time:u}  {entry.Action,-18} {entry.User ?? "-",-16} {entry.ClientAddress ?? "-",-15} {entry.Repository ?? "-"} {entry.Digest ?? ""} {entry.Detail ?? ""}".TrimEnd());
            }
            return 0;
        });
        return command;
    }
}
