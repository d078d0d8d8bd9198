namespace Appliance.Testing;

public static partial class TestBackend
{
    private static Task<string[]> S3ArgumentsAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("the S3 blob store is not built yet");
}
