using System.Security.Cryptography;
using System.Text;
using Appliance.Installer.Cli;
using Appliance.Installer.Commands;
using Appliance.Installer.Installation;
using Appliance.Installer.Targets;

namespace Appliance.Installer.Tests;

/// <summary>The parts of the installer that need no host: host key matching, flag spelling, unit rendering.</summary>
public sealed class InstallerUnitTests : IDisposable
{
    private readonly string knownHostsFile = Path.Combine(Path.GetTempPath(), $"known-hosts-{Guid.NewGuid():N}");
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(51);

    [Fact]
    public void KnownHostsMatchesPlainAndHashedEntriesAndSpotsChangedKeys()
    {
        var salt = RandomNumberGenerator.GetBytes(20);
        var hash = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes("[10.0.0.5]:2222"));
        File.WriteAllText(knownHostsFile, $"registry.example.com ssh-ed25519 {Convert.ToBase64String(Key)}\n"
            + $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)} ssh-ed25519 {Convert.ToBase64String(Key)}\n");
        var knownHosts = new KnownHosts(knownHostsFile);

        Assert.Equal(HostKeyVerdict.Trusted, knownHosts.Check("registry.example.com", 22, "ssh-ed25519", Key));
        Assert.Equal(HostKeyVerdict.Trusted, knownHosts.Check("10.0.0.5", 2222, "ssh-ed25519", Key));
        Assert.Equal(HostKeyVerdict.Changed, knownHosts.Check("registry.example.com", 22, "ssh-ed25519", RandomNumberGenerator.GetBytes(51)));
        Assert.Equal(HostKeyVerdict.Unknown, knownHosts.Check("registry.example.com", 2222, "ssh-ed25519", Key));

        knownHosts.Add("new.example.com", 2200, "ssh-ed25519", Key);
        Assert.Equal(HostKeyVerdict.Trusted, knownHosts.Check("new.example.com", 2200, "ssh-ed25519", Key));
    }

    [Theory]
    [InlineData("--targetHostname", "--target-hostname")]
    [InlineData("--sslCheckSkip", "--ssl-check-skip")]
    [InlineData("--ssh-key", "--ssh-key")]
    public void FlagsGetKebabCaseAliases(string name, string kebab) => Assert.Equal(kebab, Flags.Kebab(name));

    [Fact]
    public void UnitKeepsNoCapabilitiesAbovePort1024AndHidesHomes()
    {
        var template = "ExecStart=@BINARY@ --config @CONFIG@\nUser=@USER@\nReadWritePaths=@DATA@\nProtectHome=@PROTECT_HOME@\nCapabilityBoundingSet=@CAPABILITIES@\n";
        var unit = UnitTemplate.Render(template, InstallLayout.System(null), 8443);
        Assert.Contains("ExecStart=/opt/appliance/current/appliance-registry --config /etc/appliance/config.yaml", unit);
        Assert.Contains("CapabilityBoundingSet=\n", unit);
        Assert.Contains("ProtectHome=yes", unit);
        Assert.Contains("ReadWritePaths=/var/lib/appliance", unit);
        Assert.Throws<InstallerException>(() => UnitTemplate.Render("X=@UNKNOWN@", InstallLayout.System(null), 8443));
    }

    [Theory]
    [InlineData("registry.example.com", "registry.example.com", 8443)]
    [InlineData("registry.example.com:5000", "registry.example.com", 5000)]
    [InlineData("[fd00::1]:443", "fd00::1", 443)]
    public void QuayHostnameSplitsIntoHostAndPort(string value, string host, int port) =>
        Assert.Equal((host, port), InstallCommand.ParseHostname(value));

    [Fact]
    public void ElfMachineNamesTheProcessorAsUnameDoes()
    {
        var ownMachine = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "aarch64" : "x86_64";
        Assert.Equal(ownMachine, ElfMachine.Of(Environment.ProcessPath!));
        using var directory = new TestDirectory("elf-machine");
        var header = new byte[64];
        "\u007fELF"u8.CopyTo(header);
        (header[4], header[5], header[18]) = (2, 1, 0xB7);
        File.WriteAllBytes(directory.Combine("arm64"), header);
        Assert.Equal("aarch64", ElfMachine.Of(directory.Combine("arm64")));
        File.WriteAllText(directory.Combine("script"), "#!/bin/sh\nexit 1\n");
        Assert.Contains("not a Linux executable", Assert.Throws<InstallerException>(() => ElfMachine.Of(directory.Combine("script"))).Message);
    }

    public void Dispose() => File.Delete(knownHostsFile);
}
