namespace Appliance.Core.Identity;

/// <summary>
/// What a grant allows on a namespace, each level including the ones before it: <see cref="Push"/> also pulls and
/// deletes manifests and tags, <see cref="Admin"/> also manages the namespace's grants and robot accounts.
/// </summary>
public enum NamespacePermission
{
    Pull = 1,
    Push = 2,
    Admin = 3,
}
