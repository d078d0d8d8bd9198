using System.Net;

namespace Appliance.Installer.Targets;

/// <summary>Chooses this machine or SSH: naming this machine (without an SSH port) installs locally.</summary>
public static class TargetFactory
{
    public static async Task<ShellTarget> ConnectAsync(TargetOptions options, Action<string>? trace, CancellationToken cancellationToken)
    {
        if (IsThisMachine(options.Host) && options.SshPort is null)
        {
            return new LocalTarget(options.AskBecomePassword ? BecomePassword.Prompt("this machine") : null, trace);
        }
        var endpoint = new SshEndpoint(options.Host, options.SshPort ?? 22, options.User, options.KeyFile, new KnownHosts(options.KnownHostsFile),
            options.AcceptNewHostKey);
        var becomePassword = options.AskBecomePassword ? BecomePassword.Prompt($"{endpoint.User}@{endpoint.Host}") : null;
        return await SshTarget.ConnectAsync(endpoint, becomePassword, trace, cancellationToken);
    }

    public static string ThisMachineName()
    {
        try
        {
            return Dns.GetHostEntry(Dns.GetHostName()).HostName;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return Dns.GetHostName();
        }
    }

    private static bool IsThisMachine(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        if (IPAddress.TryParse(host, out var address)) return IPAddress.IsLoopback(address);
        return string.Equals(host, Dns.GetHostName(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(host, ThisMachineName(), StringComparison.OrdinalIgnoreCase);
    }
}
