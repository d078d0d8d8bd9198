namespace Appliance.Maintenance.Tests.Import;

/// <summary>An image a registry must serve after an import: by its digest and by each of its tags.</summary>
public sealed record ExpectedImage(string Repository, string Digest, params string[] Tags)
{
    public ExpectedImage Under(string prefix) => this with { Repository = $"{prefix}/{Repository}" };
}
