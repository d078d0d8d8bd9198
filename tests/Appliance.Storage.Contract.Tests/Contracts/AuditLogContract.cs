using Appliance.Core.Audit;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="IAuditLog"/>: events kept to the millisecond, listed newest first through filters, removed by age, imported once.</summary>
public abstract class AuditLogContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    private IAuditLog Log => Store.Get<IAuditLog>();

    private static AuditEvent Event(int milliseconds, string action, string? user = "admin", string? repository = "contract/app") =>
        new(EngineStore.Start.AddMilliseconds(milliseconds), action, user, "192.0.2.1", repository, null, $"detail {milliseconds}");

    [Fact]
    public async Task Events_are_listed_newest_first_through_every_filter_and_the_limit()
    {
        AuditEvent[] events = [Event(0, "push"), Event(1, "delete"), Event(1, "push", "ci"), Event(2, "login", "ci", null)];
        await Log.RecordAsync(events, Cancel);

        Assert.Equal([events[3], events[2], events[1], events[0]], await Log.ListAsync(new AuditQuery(), Cancel));
        Assert.Equal([events[3], events[2]], await Log.ListAsync(new AuditQuery(User: "ci"), Cancel));
        Assert.Equal([events[2], events[0]], await Log.ListAsync(new AuditQuery(Action: "push"), Cancel));
        Assert.Equal([events[2], events[1], events[0]], await Log.ListAsync(new AuditQuery(Repository: "contract/app"), Cancel));
        Assert.Equal([events[3], events[2], events[1]], await Log.ListAsync(new AuditQuery(Since: events[1].Time), Cancel));
        Assert.Equal([events[3]], await Log.ListAsync(new AuditQuery(Limit: 1), Cancel));
        Assert.Equal(events, await Log.ListAllAsync(Cancel).ToListAsync(Cancel));
    }

    [Fact]
    public async Task Retention_removes_exactly_the_events_older_than_its_cut()
    {
        AuditEvent[] events = [Event(0, "push"), Event(999, "push"), Event(1000, "push")];
        await Log.RecordAsync(events, Cancel);
        Assert.Equal(3, (await Log.ListAsync(new AuditQuery(), Cancel)).Count);

        Assert.Equal(2, await Log.DeleteBeforeAsync(EngineStore.Start.AddSeconds(1), Cancel));

        Assert.Equal([events[2]], await Log.ListAsync(new AuditQuery(), Cancel));
    }

    [Fact]
    public async Task An_import_adds_only_the_events_that_are_not_there()
    {
        AuditEvent[] events = [Event(0, "push"), Event(5, "delete")];
        await Log.RecordAsync([events[0]], Cancel);

        Assert.Equal(1, await Log.ImportAsync(events, Cancel));
        Assert.Equal(0, await Log.ImportAsync(events, Cancel));

        Assert.Equal(events, await Log.ListAllAsync(Cancel).ToListAsync(Cancel));
    }
}
