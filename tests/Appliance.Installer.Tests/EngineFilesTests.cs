using Appliance.Installer.Installation;

namespace Appliance.Installer.Tests;

/// <summary>
/// The files of --pgConnection and --s3Config: what is accepted, what is refused before any host is contacted, and
/// that the secrets they point to reach neither the rendered config nor install.json.
/// </summary>
public sealed class EngineFilesTests : IDisposable
{
    private const string Password = "pg-Secret-Password-1";
    private const string SecretKey = "s3-Secret-Key-wJalrXUtnFEMI";
    private readonly TestDirectory directory = new("engine-files");

    [Fact]
    public void SettingsAreReadWithSecretFilesRelativeToTheirFileAndNeverRendered()
    {
        Write("pg-password", Password + "\n");
        Write("s3-credentials", $"[default]\naws_access_key_id = AKIDTEST\naws_secret_access_key = {SecretKey}\n");
        var pg = Write("pg.yaml", "connectionString: \"Host=db.example.com;Port=5432;Username=appliance;Database=registry\"\npasswordFile: pg-password\n");
        var s3 = Write("s3.yaml", "endpoint: https://rgw.example.com\nbucket: registry\nprefix: appliance\npathStyle: true\ncredentialsFile: s3-credentials\n");

        var engines = EngineFiles.Read(pg, s3);
        Assert.Equal(directory.Combine("pg-password"), engines.PostgresPasswordFile);
        Assert.Equal(directory.Combine("s3-credentials"), engines.S3CredentialsFile);
        Assert.Equal(new S3Settings("https://rgw.example.com", "us-east-1", "registry", "appliance", PathStyle: true, Redirect: false), engines.Settings.S3);

        var layout = InstallLayout.System(null);
        var config = RegistryConfig.Render(layout, 8443, ["registry.example.com"], "init", engines);
        Assert.Contains("  driver: s3\n", config);
        Assert.Contains("    credentialsFile: \"/etc/appliance/s3-credentials\"", config);
        Assert.Contains("metadata:\n  driver: postgres\n  connectionString: \"Host=db.example.com;Port=5432;Username=appliance;Database=registry\"\n  passwordFile: \"/etc/appliance/pg-password\"", config);
        var record = new InstallRecord("1.0", true, layout.BinaryRoot, layout.ConfigDirectory, layout.DataDirectory, layout.UnitDirectory, "registry.example.com:8443",
            8443, "init", false, DateTimeOffset.UnixEpoch, engines.Settings).ToJson();
        Assert.Contains("\"bucket\": \"registry\"", record);
        foreach (var text in new[] { config, record })
        {
            Assert.DoesNotContain(Password, text);
            Assert.DoesNotContain(SecretKey, text);
            Assert.DoesNotContain(directory.Path, text);
        }
    }

    [Fact]
    public void RecordsWrittenBeforeTheEngineFlagsMeanTheDefaults()
    {
        var old = """{"version":"0.1.0","isSystem":true,"binaryRoot":"/opt/appliance","configDirectory":"/etc/appliance","dataDirectory":"/var/lib/appliance","unitDirectory":"/etc/systemd/system","quayHostname":"h:8443","port":8443,"initUser":"init","firewallPortOpened":false,"installedAt":"2026-01-01T00:00:00+00:00"}""";
        Assert.True(InstallRecord.Parse(old, "install.json").EngineSettings.IsDefault);
    }

    [Fact]
    public void AForcedReinstallMustKeepTheEnginesTheDataIsIn()
    {
        var postgres = new PostgresSettings("Host=db;Username=appliance;Database=registry");
        var s3 = new S3Settings(null, "us-east-1", "registry", "", PathStyle: true, Redirect: false);
        var shared = new EngineSettings(postgres, s3);
        Assert.Null(shared.Mismatch(shared));
        Assert.Null(EngineSettings.Default.Mismatch(EngineSettings.Default));
        Assert.Null(new EngineSettings(postgres with { ConnectionString = "Host=db2;Username=appliance;Database=registry" }, s3).Mismatch(shared));
        Assert.Equal("its metadata is in PostgreSQL: give --pgConnection again", new EngineSettings(null, s3).Mismatch(shared));
        Assert.Equal("its blobs are in S3: give --s3Config again", new EngineSettings(postgres, null).Mismatch(shared));
        Assert.Contains("--pgConnection would start on a database without it", shared.Mismatch(EngineSettings.Default));
        Assert.Contains("--s3Config would start on a bucket without them", new EngineSettings(null, s3).Mismatch(EngineSettings.Default));
    }

    [Theory]
    [InlineData("pg", "connectionString: \"Host=db;Username=a;Password=hunter2;Database=r\"\n", "--pgConnection", "connectionString must not hold the password")]
    [InlineData("pg", "passwordFile: pg-password\n", "--pgConnection", "connectionString is required")]
    [InlineData("pg", "connectionString: Host=db\npasswordFile: missing-file\n", "--pgConnection", "passwordFile cannot read")]
    [InlineData("pg", "connectionstring: Host=db\n", "--pgConnection", "unknown setting 'connectionstring'")]
    [InlineData("s3", "bucket: b\n", "--s3Config", "credentialsFile is required")]
    [InlineData("s3", "endpoint: rgw.example.com\nbucket: b\n", "--s3Config", "endpoint 'rgw.example.com' is not an http or https URL")]
    [InlineData("s3", "bucket: b\npathStyle: yes-please\ncredentialsFile: s3-credentials\n", "--s3Config", "pathStyle must be true or false")]
    [InlineData("s3", "- not\n- a map\n", "--s3Config", "not a YAML map of settings")]
    public void MistakesAreOneLineNamingTheFlagAndTheSetting(string kind, string yaml, string flag, string problem)
    {
        Write("s3-credentials", "[default]\n");
        var file = Write($"{kind}.yaml", yaml);
        var error = Assert.Throws<InstallerException>(() => kind == "pg" ? EngineFiles.Read(file, null) : EngineFiles.Read(null, file));
        Assert.StartsWith($"{flag} {file}: ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    private string Write(string name, string content)
    {
        File.WriteAllText(directory.Combine(name), content);
        return directory.Combine(name);
    }

    public void Dispose() => directory.Dispose();
}
