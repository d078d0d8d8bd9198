using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="IUploadSessions"/>: a session survives until deleted, with its repository and start time (to the second).</summary>
public abstract class UploadSessionsContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    [Fact]
    public async Task A_session_is_found_with_its_repository_and_start_until_deleted()
    {
        var sessions = Store.Get<IUploadSessions>();
        var session = new UploadSession(UploadId.New(), TestContent.Repository("app"), EngineStore.Start.AddSeconds(3));
        await sessions.CreateAsync(session, Cancel);

        Assert.Equal(session, await sessions.FindAsync(session.Id, Cancel));
        Assert.Null(await sessions.FindAsync(UploadId.New(), Cancel));
        Assert.Equal([session], await Store.Get<IRepositoryBrowser>().ListUploadsAsync(Cancel));

        await sessions.DeleteAsync(session.Id, Cancel);
        await sessions.DeleteAsync(session.Id, Cancel);

        Assert.Null(await sessions.FindAsync(session.Id, Cancel));
    }
}
