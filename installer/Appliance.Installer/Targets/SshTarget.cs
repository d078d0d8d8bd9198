using Renci.SshNet;
using Renci.SshNet.Common;

namespace Appliance.Installer.Targets;

/// <summary>
/// A machine reached over SSH with key authentication. The host key must be in known_hosts (a changed key
/// always fails; an unknown one fails unless new keys may be accepted, which records them). SSH.NET stays
/// behind this class.
/// </summary>
public sealed class SshTarget : ShellTarget
{
    private readonly SshClient ssh;
    private readonly SftpClient sftp;
    private readonly string user;
    private readonly string host;
    private readonly int port;

    private SshTarget(ConnectionInfo connection, string? becomePassword, Action<string>? trace) : base(becomePassword, trace)
    {
        ssh = new SshClient(connection);
        sftp = new SftpClient(connection);
        user = connection.Username;
        host = connection.Host;
        port = connection.Port;
    }

    public override string Description => port == 22 ? $"{user}@{host}" : $"{user}@{host}:{port}";

    public static async Task<SshTarget> ConnectAsync(SshEndpoint endpoint, string? becomePassword, Action<string>? trace, CancellationToken cancellationToken)
    {
        if (!File.Exists(endpoint.KeyFile))
        {
            throw new InstallerException($"SSH key {endpoint.KeyFile} does not exist; pass the private key that logs in as {endpoint.User}@{endpoint.Host} with -k/--ssh-key");
        }
        PrivateKeyFile key;
        try
        {
            key = new PrivateKeyFile(endpoint.KeyFile);
        }
        catch (Exception e) when (e is SshException or InvalidOperationException or ArgumentException)
        {
            throw new InstallerException($"cannot read SSH key {endpoint.KeyFile}: {e.Message} (passphrase-protected keys are not supported)");
        }
        var connection = new ConnectionInfo(endpoint.Host, endpoint.Port, endpoint.User, new PrivateKeyAuthenticationMethod(endpoint.User, key))
        {
            Timeout = TimeSpan.FromSeconds(15),
        };
        var target = new SshTarget(connection, becomePassword, trace);
        try
        {
            await target.ConnectClientsAsync(endpoint, cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    private async Task ConnectClientsAsync(SshEndpoint endpoint, CancellationToken cancellationToken)
    {
        string? refusal = null;
        void CheckHostKey(object? sender, HostKeyEventArgs e)
        {
            switch (endpoint.KnownHosts.Check(endpoint.Host, endpoint.Port, e.HostKeyName, e.HostKey))
            {
                case HostKeyVerdict.Trusted:
                    return;
                case HostKeyVerdict.Unknown when endpoint.AcceptNewHostKey:
                    endpoint.KnownHosts.Add(endpoint.Host, endpoint.Port, e.HostKeyName, e.HostKey);
                    return;
                case HostKeyVerdict.Unknown:
                    refusal = $"the host key of {Description} ({e.HostKeyName} SHA256:{e.FingerPrintSHA256}) is not in {endpoint.KnownHosts.Path}; "
                        + "verify it and connect once with ssh, or pass --sshAcceptNewHostKey to record it";
                    break;
                case HostKeyVerdict.Changed:
                    refusal = $"the host key of {Description} ({e.HostKeyName} SHA256:{e.FingerPrintSHA256}) does not match {endpoint.KnownHosts.Path}: "
                        + "the host was reinstalled or someone is intercepting the connection; nothing was changed";
                    break;
            }
            e.CanTrust = false;
        }
        ssh.HostKeyReceived += CheckHostKey;
        sftp.HostKeyReceived += CheckHostKey;
        try
        {
            await ssh.ConnectAsync(cancellationToken);
            await sftp.ConnectAsync(cancellationToken);
        }
        catch (SshAuthenticationException)
        {
            throw new InstallerException($"{Description} did not accept the SSH key {endpoint.KeyFile}; pass the right key with -k/--ssh-key or the right user with -u/--targetUsername");
        }
        catch (Exception e) when (e is SshException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InstallerException(refusal ?? $"cannot connect to {Description} over SSH: {e.Message}");
        }
    }

    protected override async Task<CommandResult> ExecuteAsync(string command, string? standardInput, CancellationToken cancellationToken)
    {
        using var remote = ssh.CreateCommand("/bin/sh -c " + Shell.Quote(command));
        var execution = remote.ExecuteAsync(cancellationToken);
        if (standardInput is not null)
        {
            await using var input = remote.CreateInputStream();
            await input.WriteAsync(System.Text.Encoding.UTF8.GetBytes(standardInput), cancellationToken);
        }
        await execution;
        return new CommandResult(remote.ExitStatus ?? 255, remote.Result, remote.Error);
    }

    public override async Task UploadAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        await using var source = File.OpenRead(localPath);
        await sftp.UploadFileAsync(source, remotePath, cancellationToken);
    }

    public override ValueTask DisposeAsync()
    {
        ssh.Dispose();
        sftp.Dispose();
        return ValueTask.CompletedTask;
    }
}
