using Appliance.Core.Content;

namespace Appliance.Core.Import;

/// <summary>
/// One fact a reader of foreign content found, in the order it found it: a registry storage tree's tag or revision link,
/// a blob's bytes, or something it refused. Readers of every format yield these, so one pipeline imports them all.
/// </summary>
/// <param name="Origin">Where the fact was found (a file, an archive and its entry), for the lines that name problems.</param>
public abstract record ForeignEntry(string Origin);

/// <summary>A tag of <paramref name="Repository"/> (a path in the foreign tree, before any prefix) names a manifest.</summary>
/// <param name="SetAt">When the tag was set to the manifest there, where the content records it (else the import's time is kept).</param>
public sealed record ForeignTag(string Origin, string Repository, string Tag, Digest Digest, DateTimeOffset? SetAt = null) : ForeignEntry(Origin);

/// <summary>The manifest <paramref name="Digest"/> is in <paramref name="Repository"/>; its bytes are a blob like any other.</summary>
/// <param name="PushedAt">When it was pushed there, where the content records it (else the import's time is kept).</param>
public sealed record ForeignRevision(string Origin, string Repository, Digest Digest, DateTimeOffset? PushedAt = null) : ForeignEntry(Origin);

/// <summary>
/// A blob's bytes, named by the digest its path claims: <paramref name="Content"/> is valid only until the reader is asked
/// for the next entry (a tar is read once, front to back). <paramref name="File"/> is where they lie when they are a file
/// of their own (a storage tree on disk), so they may be hard-linked instead of copied.
/// </summary>
public sealed record ForeignBlob(string Origin, Digest Digest, long Length, Stream Content, string? File) : ForeignEntry(Origin);

/// <summary>Something the reader refused (a hostile path, a link, a device, a broken archive): one line naming it.</summary>
public sealed record ForeignProblem(string Origin, string Problem) : ForeignEntry(Origin);
