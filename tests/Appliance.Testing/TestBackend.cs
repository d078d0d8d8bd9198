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

    public static bool UsesPostgres => UsesPostgresIn(Name);

    public static bool UsesS3 => UsesS3In(Name);

    private static bool UsesPostgresIn(string engines) => engines.Contains("postgres", StringComparison.Ordinal);

    private static bool UsesS3In(string engines) => engines.Contains("s3", StringComparison.Ordinal);

    /// <summary>
    /// The arguments that put a registry (or a command run on its data directory) on the selected engines, with a database
    /// and bucket of its own per data directory: the same ones for every server and command on that directory.
    /// </summary>
    public static Task<string[]> ServerArgumentsAsync(string dataDirectory, CancellationToken cancellationToken) =>
        EngineArgumentsAsync(Name, dataDirectory, cancellationToken);

    /// <summary>The same for the named <paramref name="engines"/> ("s3+postgres", ...), whatever the environment selects.</summary>
    public static async Task<string[]> EngineArgumentsAsync(string engines, string dataDirectory, CancellationToken cancellationToken)
    {
        var arguments = new List<string>();
        if (UsesPostgresIn(engines)) arguments.AddRange(await PostgresArgumentsAsync(dataDirectory, cancellationToken));
        if (UsesS3In(engines)) arguments.AddRange(await S3ArgumentsAsync(cancellationToken));
        return [.. arguments];
    }
}
