namespace Appliance.Installer.Migrate;

/// <summary>The host directories of a mirror-registry 2.x installation once named volumes are resolved, and its files in them.</summary>
public sealed record QuayPaths(string Config, string RootCa, string Sqlite, string Storage)
{
    public string ConfigFile => $"{Config}/config.yaml";
    public string SqliteFile => $"{Sqlite}/quay_sqlite.db";
    public string ServerCertificate => $"{Config}/ssl.cert";
    public string ServerKey => $"{Config}/ssl.key";
    public string CaCertificate => $"{RootCa}/rootCA.pem";
    public string CaKey => $"{RootCa}/rootCA.key";
}
