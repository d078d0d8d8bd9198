namespace Appliance.Installer.Installation;

/// <summary>
/// What <c>--pgConnection FILE</c> and <c>--s3Config FILE</c> give: the settings, and the files on this machine holding
/// the PostgreSQL password and the S3 key pair, which the install copies to the target (0600, the service user's) and
/// never reads into a message. Both flag files use the keys of the registry's own config section (<c>metadata</c>,
/// <c>storage.s3</c>) at their top level.
/// </summary>
public sealed record EngineFiles(EngineSettings Settings, string? PostgresPasswordFile, string? S3CredentialsFile)
{
    public const string PostgresFlag = "--pgConnection";
    public const string S3Flag = "--s3Config";

    public static EngineFiles None { get; } = new(EngineSettings.Default, null, null);

    public static EngineFiles Read(string? pgConnection, string? s3Config)
    {
        var (postgres, password) = pgConnection is null ? (null, null) : ReadPostgres(pgConnection);
        var (s3, credentials) = s3Config is null ? (null, null) : ReadS3(s3Config);
        return new EngineFiles(new EngineSettings(postgres, s3), password, credentials);
    }

    private static (PostgresSettings, string?) ReadPostgres(string path)
    {
        var file = SettingsFile.Read(PostgresFlag, path, ["connectionString", "passwordFile"]);
        var connectionString = file.Required("connectionString");
        // The password would land in config.yaml and install.json; the registry refuses it there too.
        var keys = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)[0].Trim());
        if (keys.Any(key => key.Equals("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase)))
        {
            throw file.Invalid("connectionString", "must not hold the password; put it in the file passwordFile names");
        }
        return (new PostgresSettings(connectionString), file.ExistingFile("passwordFile"));
    }

    private static (S3Settings, string) ReadS3(string path)
    {
        var file = SettingsFile.Read(S3Flag, path, ["endpoint", "region", "bucket", "prefix", "pathStyle", "redirect", "credentialsFile"]);
        if (file.Optional("endpoint") is { } endpoint && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw file.Invalid("endpoint", $"'{endpoint}' is not an http or https URL");
        }
        var settings = new S3Settings(file.Optional("endpoint"), file.Optional("region") ?? "us-east-1", file.Required("bucket"), file.Optional("prefix") ?? "",
            file.Flag("pathStyle", true), file.Flag("redirect", false));
        // The service cannot be given AWS_* variables by the installer: the key pair comes from the file.
        return (settings, file.ExistingFile("credentialsFile") ?? throw file.Invalid("credentialsFile", "is required (an AWS credentials file with the key pair)"));
    }
}
