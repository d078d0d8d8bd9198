using Appliance.Core.Content;

namespace Appliance.Core.Integrity;

public sealed record VerificationReport(
    int Checked,
    IReadOnlyList<Digest> Missing,
    IReadOnlyList<Digest> WrongSize,
    IReadOnlyList<Digest> Corrupt,
    IReadOnlyList<Digest> Orphans,
    bool Repaired)
{
    public bool IsClean => Missing.Count == 0 && WrongSize.Count == 0 && Corrupt.Count == 0 && Orphans.Count == 0;
}
