namespace Appliance.Core.Storage;

/// <summary>
/// An engine could not reach or use its backend (a database server, an object store, a database file), whatever the
/// engine: the one failure the registry handles for all of them. The message is one line that starts with the setting to
/// check, for start-up, the commands and the readiness probe. An <see cref="IOException"/>, as the failure of a store is.
/// </summary>
public sealed class StorageUnavailableException(string setting, string cause, Exception? innerException = null)
    : IOException($"{setting}: {cause}", innerException)
{
    /// <summary>The setting that points at the backend, e.g. <c>metadata.connectionString</c> or <c>storage.s3.endpoint</c>.</summary>
    public string Setting { get; } = setting;
}
