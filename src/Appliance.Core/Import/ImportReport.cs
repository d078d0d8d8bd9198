namespace Appliance.Core.Import;

/// <summary>What an import stored and what it refused; clean when nothing was refused or missing.</summary>
/// <param name="BlobsLinked">Of the new blobs, those hard-linked into the store instead of copied.</param>
/// <param name="Problems">One line each: hostile or damaged input, missing blobs with the images that need them, images not stored.</param>
public sealed record ImportReport(
    long ImagesImported,
    long ImagesPresent,
    long TagsSet,
    long BlobsNew,
    long BlobsLinked,
    long BlobsPresent,
    long BytesNew,
    IReadOnlyList<string> Problems)
{
    /// <summary>Every tagged image of the content that is in this registry now, imported by this run or before.</summary>
    public IReadOnlyList<ImportedImage> TaggedImages { get; init; } = [];

    public bool IsClean => Problems.Count == 0;
}
