using Appliance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Storage.Contract.Tests.Engines;

/// <summary>
/// One storage engine as the contract tests build it: registered through the engine's own DI extension, as the server
/// registers it, on a place of its own (a directory, database or bucket made on the first registration). Registering the
/// same instance again puts a second registry, a replica or a maintenance command, on that same place.
/// </summary>
public interface IStorageEngine : IAsyncDisposable
{
    Task AddAsync(IServiceCollection services, TestDirectory directory, CancellationToken cancellationToken);
}

/// <summary>Where blob bytes and upload spools live (<see cref="Core.Storage.IBlobStore"/>).</summary>
public interface IBlobStoreEngine : IStorageEngine;

/// <summary>Where the metadata lives: indexes, sessions, users, audit, garbage-collection marks.</summary>
public interface IMetadataEngine : IStorageEngine;
