namespace Appliance.Testing;

/// <summary>
/// Which storage engines the registries that tests start run on. The default is the single-host pair (filesystem +
/// SQLite); <c>./build.sh test</c> runs the registry API and client suites a second time with
/// <c>APPLIANCE_TEST_BACKEND=s3+postgres</c>, so one test body covers every engine instead of a copy per engine.
/// Each server gets its own database and bucket, and keeps them across restarts.
/// </summary>
public static partial class TestBackend
{
    public const string Variable = "APPLIANCE_TEST_BACKEND";

    /// <summary>"default", "postgres", "s3" or "s3+postgres".</summary>
    public static string Name => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } name ? name : "default";

    public static bool UsesPostgres => Name.Contains("postgres", StringComparison.Ordinal);

    public static bool UsesS3 => Name.Contains("s3", StringComparison.Ordinal);

    /// <summary>
    /// The arguments that put a registry (or a command run on its data directory) on the selected engines, with a database
    /// and bucket of its own per data directory: the same ones for every server and command on that directory.
    /// </summary>
    public static async Task<string[]> ServerArgumentsAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var arguments = new List<string>();
        if (UsesPostgres) arguments.AddRange(await PostgresArgumentsAsync(dataDirectory, cancellationToken));
        if (UsesS3) arguments.AddRange(await S3ArgumentsAsync(cancellationToken));
        return [.. arguments];
    }
}
