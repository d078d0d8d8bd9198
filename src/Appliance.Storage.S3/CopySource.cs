namespace Appliance.Storage.S3;

/// <summary>The first <paramref name="Length"/> bytes of the object <paramref name="Key"/>, which holds <paramref name="ObjectSize"/>.</summary>
public sealed record CopySource(string Key, long Length, long ObjectSize)
{
    public bool IsWholeObject => Length == ObjectSize;
}
