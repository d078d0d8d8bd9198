using Appliance.Core.Auth;
using Appliance.Storage.Contract.Tests.Engines;

namespace Appliance.Storage.Contract.Tests.Contracts;

/// <summary><see cref="ILoginFailureStore"/>: failures count per user and client, concurrent ones all count, a success clears them.</summary>
public abstract class LoginFailureStoreContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    [Fact]
    public async Task Failures_count_per_user_and_client_until_cleared()
    {
        var failures = Store.Get<ILoginFailureStore>();
        var at = EngineStore.Start;

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => failures.RecordFailureAsync("admin", "192.0.2.7", at, at.AddMinutes(-15), Cancel)));
        await failures.RecordFailureAsync("admin", "192.0.2.7", at.AddSeconds(30), at.AddMinutes(-15), Cancel);
        await failures.RecordFailureAsync("admin", "192.0.2.8", at, at.AddMinutes(-15), Cancel);

        Assert.Equal(new LoginFailures(11, at.AddSeconds(30)), await failures.FindAsync("admin", "192.0.2.7", Cancel));
        Assert.Equal(new LoginFailures(1, at), await failures.FindAsync("admin", "192.0.2.8", Cancel));
        Assert.Null(await failures.FindAsync("Admin", "192.0.2.7", Cancel));

        await failures.ClearAsync("admin", "192.0.2.7", Cancel);

        Assert.Null(await failures.FindAsync("admin", "192.0.2.7", Cancel));
        Assert.NotNull(await failures.FindAsync("admin", "192.0.2.8", Cancel));
    }
}
