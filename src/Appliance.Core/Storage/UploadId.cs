namespace Appliance.Core.Storage;

/// <summary>An upload session id: 32 lower-case hex characters, so it is always a safe file name.</summary>
public readonly record struct UploadId
{
    private UploadId(string value) => Value = value;

    public string Value { get; }

    public static UploadId New() => new(Guid.NewGuid().ToString("N"));

    public static bool TryParse(string? value, out UploadId id)
    {
        id = default;
        if (value is null || value.Length != 32 || !Guid.TryParseExact(value, "N", out _)) return false;
        id = new UploadId(value.ToLowerInvariant());
        return true;
    }

    public override string ToString() => Value;
}
