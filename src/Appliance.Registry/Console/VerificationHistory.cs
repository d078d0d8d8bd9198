using Appliance.Core.Integrity;

namespace Appliance.Registry.ConsoleApi;

/// <summary>The last verify report run from the console, so the overview can warn about what it found.</summary>
public sealed class VerificationHistory
{
    public VerificationReport? Last { get; set; }
}
