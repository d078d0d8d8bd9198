namespace Appliance.Certs.Tests;

/// <summary>A clock stopped at a chosen instant, for checks that depend on "now".</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
