namespace Appliance.Installer.Targets;

/// <summary>Where and how to log in over SSH.</summary>
public sealed record SshEndpoint(string Host, int Port, string User, string KeyFile, KnownHosts KnownHosts, bool AcceptNewHostKey);
