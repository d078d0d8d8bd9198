namespace Appliance.Core.Import;

/// <summary>Content from outside this registry (another registry's storage, an oc-mirror archive), read once, front to back.</summary>
public interface IForeignContent
{
    /// <summary>What the content is called in the audit trail and the summary (the archive's file names, the directory).</summary>
    string Name { get; }

    IAsyncEnumerable<ForeignEntry> ReadAsync(CancellationToken cancellationToken);
}
