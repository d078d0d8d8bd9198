namespace Appliance.Core.GarbageCollection;

public sealed record GarbageCollectionReport(
    bool DryRun,
    int ManifestsRemoved,
    int LinksRemoved,
    int BlobsRemoved,
    long BytesReclaimed,
    int UploadsExpired,
    TimeSpan Duration);
