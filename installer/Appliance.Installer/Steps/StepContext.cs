using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Steps;

/// <summary>What every step works with: the target, where things go on it, and the release being installed.</summary>
public sealed class StepContext(ITarget target, InstallLayout layout, Payload payload, Reporter reporter)
{
    public ITarget Target => target;
    public InstallLayout Layout => layout;
    public Payload Payload => payload;
    public Reporter Reporter => reporter;

    /// <summary>Runs a command that changes the installation: as root for a system install, as the login user for a rootless one.</summary>
    public Task<CommandResult> RunAsync(string command, CancellationToken cancellationToken, string? standardInput = null) =>
        target.RunAsync(command, layout.IsSystem, standardInput, cancellationToken);

    public async Task<string> RunCheckedAsync(string command, string what, CancellationToken cancellationToken, string? standardInput = null) =>
        (await RunAsync(command, cancellationToken, standardInput)).EnsureSuccess(what);

    /// <summary>Runs the installed server's own CLI (users, certs, ...) as the service user against the installed config.</summary>
    public Task<CommandResult> RunRegistryAsync(string arguments, CancellationToken cancellationToken, string? standardInput = null) =>
        RunAsync(layout.AsServiceUser(layout.RegistryCommand(arguments)), cancellationToken, standardInput);

    /// <summary>Restores SELinux labels where SELinux is enabled (RHEL); a no-op elsewhere.</summary>
    public Task RelabelAsync(string path, CancellationToken cancellationToken) => RunCheckedAsync(
        $"if command -v selinuxenabled >/dev/null && selinuxenabled; then restorecon -R {Shell.Quote(path)}; fi", $"restorecon {path}", cancellationToken);

    /// <summary>Writes a file of the installation (as root for a system install) with the given mode and owner.</summary>
    public Task WriteFileAsync(string path, string content, string mode, string? owner, CancellationToken cancellationToken) =>
        target.WriteFileAsync(path, content, mode, owner, layout.IsSystem, cancellationToken);

    public Task<string?> ReadFileAsync(string path, CancellationToken cancellationToken) => target.ReadFileAsync(path, layout.IsSystem, cancellationToken);
}
