namespace Appliance.Core.Migration;

/// <summary>How many items a migration run wrote to the target, and how many the target had already (from an earlier run).</summary>
public readonly record struct CopyCount(long Copied, long Skipped)
{
    public CopyCount Add(bool copied) => copied ? this with { Copied = Copied + 1 } : this with { Skipped = Skipped + 1 };

    public CopyCount Add(long copied, long skipped) => new(Copied + copied, Skipped + skipped);

    public static CopyCount operator +(CopyCount left, CopyCount right) => left.Add(right.Copied, right.Skipped);
}
