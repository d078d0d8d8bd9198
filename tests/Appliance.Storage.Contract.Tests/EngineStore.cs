using Appliance.Core.Storage;
using Appliance.Storage.Contract.Tests.Engines;
using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Storage.Contract.Tests;

/// <summary>
/// The engines of one registry, started as a registry starts them (schema created, blob store probed), with a fake clock
/// that only the test moves.
/// </summary>
public sealed class EngineStore : IAsyncDisposable
{
    /// <summary>Whole seconds: the metadata engines keep times in Unix seconds.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private EngineStore(ServiceProvider services, FakeTimeProvider clock)
    {
        _services = services;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>
    /// A registry on <paramref name="engines"/>' places in <paramref name="directory"/>; a second one on the same engines is
    /// a replica (or a command next to the server) that shares them.
    /// </summary>
    public static async Task<EngineStore> OpenAsync(IReadOnlyList<IStorageEngine> engines, TestDirectory directory, FakeTimeProvider clock,
        Action<IServiceCollection>? configure, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(clock);
        foreach (var engine in engines) await engine.AddAsync(services, directory, cancellationToken);
        configure?.Invoke(services);
        var store = new EngineStore(services.BuildServiceProvider(), clock);
        try
        {
            if (store._services.GetService<IMetadataSchema>() is { } schema) await schema.InitializeAsync(cancellationToken);
            if (store._services.GetService<IBlobStore>() is { } blobs) await blobs.ProbeAsync(cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
