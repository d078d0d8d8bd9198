namespace Appliance.Core.Storage;

/// <summary>
/// How an engine that needs the network (a database server, an object store) proves it can be used from this host
/// without changing anything, for the installer's preflight. Engines that need no network register none.
/// </summary>
public interface IStorageEngineCheck
{
    /// <summary>The configuration section the engine is set up in (<c>metadata</c>, <c>storage</c>), which names it in the report.</summary>
    string Section { get; }

    /// <summary>What was found, in one line; a problem throws one line naming the setting to fix.</summary>
    Task<string> CheckAsync(CancellationToken cancellationToken);
}
