using System.Text;

namespace Appliance.Installer.Installation;

/// <summary>
/// The server's YAML config as the installer writes it: listen port, data directory, certificate names, init user, and
/// the storage engines with the paths of their secret files (never the secrets themselves).
/// </summary>
public static class RegistryConfig
{
    public static string Render(InstallLayout layout, int port, IEnumerable<string> certificateHostNames, string initUser, EngineFiles engines)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("# Written by mirror-registry install; upgrade keeps it. Settings: see the README's configuration section.");
        yaml.AppendLine("server:");
        yaml.AppendLine($"  listen: {Quote($"0.0.0.0:{port}")}");
        AppendStorage(yaml, layout.DataDirectory, engines, layout.PostgresPasswordPath, layout.S3CredentialsPath);
        yaml.AppendLine("tls:");
        yaml.AppendLine("  hostNames:");
        foreach (var name in certificateHostNames) yaml.AppendLine($"    - {Quote(name)}");
        yaml.AppendLine("auth:");
        yaml.AppendLine($"  initUser: {Quote(initUser)}");
        return yaml.ToString();
    }

    /// <summary>Only the storage sections, for the preflight's <c>check-engines</c> run from a staging directory.</summary>
    public static string RenderEngineCheck(string dataDirectory, EngineFiles engines, string passwordPath, string credentialsPath)
    {
        var yaml = new StringBuilder();
        AppendStorage(yaml, dataDirectory, engines, passwordPath, credentialsPath);
        return yaml.ToString();
    }

    private static void AppendStorage(StringBuilder yaml, string dataDirectory, EngineFiles engines, string passwordPath, string credentialsPath)
    {
        yaml.AppendLine("storage:");
        yaml.AppendLine($"  dataDirectory: {Quote(dataDirectory)}");
        if (engines.Settings.S3 is { } s3)
        {
            yaml.AppendLine("  driver: s3");
            yaml.AppendLine("  s3:");
            if (s3.Endpoint is not null) yaml.AppendLine($"    endpoint: {Quote(s3.Endpoint)}");
            yaml.AppendLine($"    region: {Quote(s3.Region)}");
            yaml.AppendLine($"    bucket: {Quote(s3.Bucket)}");
            yaml.AppendLine($"    prefix: {Quote(s3.Prefix)}");
            yaml.AppendLine($"    pathStyle: {(s3.PathStyle ? "true" : "false")}");
            yaml.AppendLine($"    redirect: {(s3.Redirect ? "true" : "false")}");
            yaml.AppendLine($"    credentialsFile: {Quote(credentialsPath)}");
        }
        if (engines.Settings.Postgres is { } postgres)
        {
            yaml.AppendLine("metadata:");
            yaml.AppendLine("  driver: postgres");
            yaml.AppendLine($"  connectionString: {Quote(postgres.ConnectionString)}");
            if (engines.PostgresPasswordFile is not null) yaml.AppendLine($"  passwordFile: {Quote(passwordPath)}");
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
