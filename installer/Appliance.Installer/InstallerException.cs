namespace Appliance.Installer;

/// <summary>A failure with a message meant for the person running the installer; no stack trace is shown.</summary>
public sealed class InstallerException(string message) : Exception(message);
