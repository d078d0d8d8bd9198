namespace Appliance.Core.Retention;

/// <summary>Another retention run or garbage collection holds the store (in this process or another replica).</summary>
public sealed class RetentionBusyException()
    : Exception("a retention run or garbage collection is already running on this registry's metadata; try again when it has finished");
