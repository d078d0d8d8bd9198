namespace Appliance.Core.Upstreams;

/// <summary>An image could not be copied from its upstream for a reason that is not the upstream's fault (it is not there).</summary>
public sealed class ImageCopyException(string message) : Exception(message);
