namespace Appliance.Core.Import;

/// <summary>What an import stored and what it refused; clean when nothing was refused or missing.</summary>
/// <param name="Problems">One line each: hostile or damaged input, missing blobs with the images that need them, images not stored.</param>
public sealed record ImportReport(
    long ImagesImported,
    long ImagesPresent,
    long TagsSet,
    long BlobsNew,
    long BlobsPresent,
    long BytesNew,
    IReadOnlyList<string> Problems)
{
    public bool IsClean => Problems.Count == 0;
}
