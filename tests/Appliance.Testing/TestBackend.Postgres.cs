namespace Appliance.Testing;

public static partial class TestBackend
{
    private static Task<string[]> PostgresArgumentsAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("the PostgreSQL metadata store is not built yet");
}
