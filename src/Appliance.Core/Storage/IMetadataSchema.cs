namespace Appliance.Core.Storage;

/// <summary>The metadata store's schema, created or upgraded once before the server takes requests.</summary>
public interface IMetadataSchema
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
