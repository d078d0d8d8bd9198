using Appliance.Core.Releases;

namespace Appliance.Core.Upstreams;

/// <summary>What <c>release mirror</c> or <c>release check --fill</c> did, and the check that ran afterwards.</summary>
/// <param name="Components">Component images the run looked at (all of them, or the missing ones for a fill).</param>
/// <param name="Copied">Components whose manifest this run stored.</param>
/// <param name="Signatures">The release signature tags copied (<c>sha256-HEX.sig</c>).</param>
/// <param name="Failures">One line per image that could not be copied; the rest was copied all the same.</param>
public sealed record ReleaseMirrorReport(int Components, int Copied, IReadOnlyList<string> Signatures, IReadOnlyList<string> Failures,
    string Summary, ReleaseCheckReport? Check)
{
    public bool IsComplete => Failures.Count == 0 && Check is { IsComplete: true };
}
