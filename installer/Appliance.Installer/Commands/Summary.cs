using Appliance.Installer.Installation;

namespace Appliance.Installer.Commands;

/// <summary>What to do next after an install: URL, credentials file, CA to trust, a podman login line.</summary>
public static class Summary
{
    public static void Print(Reporter reporter, InstallLayout layout, InstallPlan plan, string version, string target, TimeSpan took)
    {
        var sudo = layout.IsSystem ? "sudo " : "";
        var systemctl = layout.IsSystem ? "systemctl" : "systemctl --user";
        reporter.Info("");
        reporter.Info($"Appliance mirror registry {version} is running on {target} (installed in {took.TotalSeconds:0.0} s)");
        reporter.Info($"  URL:            https://{plan.QuayHostname}");
        reporter.Info(plan.InitPasswordWritten
            ? $"  admin user:     {plan.InitUser}, password in {layout.InitPasswordFile} (on the target; {sudo}cat it)"
            : $"  admin user:     {plan.InitUser}, shared through PostgreSQL: its password is in {layout.InitPasswordFile} on the replica installed first");
        reporter.Info(plan.SslCertificate is null
            ? $"  trust this CA:  {layout.CaCertificate} -> /etc/containers/certs.d/{plan.QuayHostname}/ca.crt on each client"
            : "  certificate:    the one you supplied; clients trust it through its issuing CA");
        if (plan.InitPasswordWritten) reporter.Info($"  log in:         {sudo}cat {layout.InitPasswordFile} | podman login -u {plan.InitUser} --password-stdin {plan.QuayHostname}");
        reporter.Info($"  data:           {layout.DataDirectory}");
        if (plan.Engines.Settings.Postgres is not null) reporter.Info($"  metadata:       PostgreSQL (password in {layout.PostgresPasswordPath})");
        if (plan.Engines.Settings.S3 is { } s3) reporter.Info($"  blobs:          S3 {s3.Describe()} (credentials in {layout.S3CredentialsPath})");
        reporter.Info($"  service:        {systemctl} status {InstallLayout.UnitName}; logs: {layout.Journalctl}");
    }
}
