using Npgsql;

namespace Appliance.Storage.Postgres;

/// <summary>
/// Turns <c>metadata.connectionString</c> and <c>metadata.passwordFile</c> into a connection string, or one line naming
/// the setting that is wrong. The password only ever travels in the builder, never in a message.
/// </summary>
internal static class PostgresConnectionSettings
{
    public const string ConnectionStringSetting = $"{PostgresOptions.Section}.connectionString";
    public const string PasswordFileSetting = $"{PostgresOptions.Section}.passwordFile";

    public static NpgsqlConnectionStringBuilder Build(PostgresOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString)) throw Invalid(ConnectionStringSetting, "is required with metadata.driver postgres");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw Invalid(ConnectionStringSetting, e.Message);
        }
        if (!string.IsNullOrEmpty(builder.Password)) throw Invalid(ConnectionStringSetting, $"must not hold the password; put it in {PasswordFileSetting}");
        if (options.PasswordFile is { Length: > 0 } file) builder.Password = ReadPassword(file);
        return builder;
    }

    private static string ReadPassword(string file)
    {
        try
        {
            return File.ReadAllText(file).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(PasswordFileSetting, $"cannot read {file} ({e.Message})");
        }
    }

    public static InvalidDataException Invalid(string setting, string cause) => new($"{setting}: {cause}");
}
