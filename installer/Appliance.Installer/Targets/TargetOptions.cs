namespace Appliance.Installer.Targets;

/// <summary>The connection flags: which machine, which user, which key.</summary>
public sealed record TargetOptions(string Host, int? SshPort, string User, string KeyFile, string KnownHostsFile, bool AcceptNewHostKey, bool AskBecomePassword);
