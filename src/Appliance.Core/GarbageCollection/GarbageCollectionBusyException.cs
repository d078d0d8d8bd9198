namespace Appliance.Core.GarbageCollection;

/// <summary>Another process (a replica, or the <c>gc</c> command) is collecting on the same metadata store.</summary>
public sealed class GarbageCollectionBusyException()
    : InvalidOperationException("a garbage collection is already running on another node");
