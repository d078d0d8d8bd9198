namespace Appliance.Installer.Targets;

/// <summary>
/// The machine being installed on. Install, upgrade and uninstall run the same steps over this
/// interface whether the machine is this one (<see cref="LocalTarget"/>) or reached over SSH (<see cref="SshTarget"/>).
/// </summary>
public interface ITarget : IAsyncDisposable
{
    /// <summary>How the machine is named in messages, e.g. <c>deploy@registry.example.com</c>.</summary>
    string Description { get; }

    /// <summary>
    /// Runs <paramref name="command"/> with <c>/bin/sh -c</c>; with <paramref name="sudo"/> as root. Standard input,
    /// when given, is written to the command and closed, so secrets never appear on a command line.
    /// </summary>
    Task<CommandResult> RunAsync(string command, bool sudo = false, string? standardInput = null, CancellationToken cancellationToken = default);

    /// <summary>Copies a local file to <paramref name="remotePath"/>, owned by the login user (SFTP over SSH).</summary>
    Task UploadAsync(string localPath, string remotePath, CancellationToken cancellationToken = default);
}
