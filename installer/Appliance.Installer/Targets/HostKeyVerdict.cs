namespace Appliance.Installer.Targets;

public enum HostKeyVerdict
{
    Trusted,
    Unknown,
    Changed,
}
