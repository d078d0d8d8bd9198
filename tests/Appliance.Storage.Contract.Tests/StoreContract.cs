using Appliance.Core.Configuration;
using Appliance.Core.GarbageCollection;
using Appliance.Core.Services;
using Appliance.Storage.Contract.Tests.Engines;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Storage.Contract.Tests;

/// <summary>
/// The base of every contract: each test gets fresh engines (a directory, database, bucket of its own), so it sees only its
/// own history: garbage collection, the catalog and the statistics act on the whole store.
/// </summary>
public abstract class StoreContract(params IStorageEngine[] engines) : IAsyncLifetime
{
    private readonly TestDirectory _directory = new("appliance-contract");
    private readonly List<EngineStore> _stores = [];

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected FakeTimeProvider Clock { get; } = new(EngineStore.Start);

    /// <summary>The registry under test.</summary>
    protected EngineStore Store => _stores.Count > 0 ? _stores[0] : throw new InvalidOperationException("the store is opened before each test");

    /// <summary>Services a contract adds to the engines' (the Core service under test, options).</summary>
    protected virtual void Configure(IServiceCollection services)
    {
    }

    /// <summary>Another registry on the same engines and clock: a replica, or a maintenance command beside the server.</summary>
    protected async Task<EngineStore> OpenReplicaAsync()
    {
        var replica = await EngineStore.OpenAsync(engines, _directory, Clock, Configure, Cancel);
        _stores.Add(replica);
        return replica;
    }

    public async ValueTask InitializeAsync() => await OpenReplicaAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        foreach (var engine in engines) await engine.DisposeAsync();
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A contract for metadata engines; blobs that a rule needs on disk go to the file system.</summary>
public abstract class MetadataContract<TEngine>() : StoreContract(new TEngine(), new FileSystemEngine())
    where TEngine : IMetadataEngine, new();

/// <summary>A metadata contract with the registry's <see cref="GarbageCollector"/> on the engines, at the default policy.</summary>
public abstract class CollectorContract<TEngine> : MetadataContract<TEngine> where TEngine : IMetadataEngine, new()
{
    protected override void Configure(IServiceCollection services) =>
        services.AddSingleton<UploadHashStates>().AddSingleton<GarbageCollector>().Configure<GarbageCollectionOptions>(_ => { });
}
