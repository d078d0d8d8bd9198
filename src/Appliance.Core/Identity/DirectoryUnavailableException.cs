namespace Appliance.Core.Identity;

/// <summary>The directory could not be reached or did not answer in time; the message says which server and why, never a password.</summary>
public sealed class DirectoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
