namespace Appliance.Installer.Targets;

/// <summary>
/// What local and SSH targets share: commands go through <c>/bin/sh -c</c>, and privileged ones through sudo
/// unless the login user already is root. A become password (<c>--askBecomePass</c>) is fed to <c>sudo -S</c>.
/// </summary>
public abstract class ShellTarget(string? becomePassword, Action<string>? trace) : ITarget
{
    private bool? isRoot;
    private bool? sudoAsksPassword;

    public abstract string Description { get; }

    /// <summary>True when sudo gets a password (<c>--askBecomePass</c>) rather than being expected to need none.</summary>
    public bool HasBecomePassword => becomePassword is not null;

    public async Task<CommandResult> RunAsync(string command, bool sudo = false, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        if (sudo && !await IsRootAsync(cancellationToken))
        {
            var feedPassword = becomePassword is not null && await SudoAsksPasswordAsync(cancellationToken);
            command = Shell.Sudo(command, feedPassword);
            if (feedPassword) standardInput = becomePassword + "\n" + standardInput;
        }
        trace?.Invoke(command);
        return await ExecuteAsync(command, standardInput, cancellationToken);
    }

    public async Task<bool> IsRootAsync(CancellationToken cancellationToken) =>
        isRoot ??= (await ExecuteAsync("id -u", null, cancellationToken)).StandardOutput.Trim() == "0";

    /// <summary>
    /// The password line must only be sent when sudo reads it, or the command would get it as input. So it is
    /// sent only when sudo without a password fails, and then with <c>-k</c>, which makes sudo ask every time.
    /// </summary>
    private async Task<bool> SudoAsksPasswordAsync(CancellationToken cancellationToken) =>
        sudoAsksPassword ??= !(await ExecuteAsync("sudo -n true", null, cancellationToken)).Succeeded;

    public abstract Task UploadAsync(string localPath, string remotePath, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="command"/> with <c>/bin/sh -c</c> as the login user.</summary>
    protected abstract Task<CommandResult> ExecuteAsync(string command, string? standardInput, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
