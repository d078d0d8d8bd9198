namespace Appliance.Core.ClusterConfig;

/// <summary>
/// ImageDigestMirrorSet / ImageTagMirrorSet <c>mirrorSourcePolicy</c>: whether a node may fall back to the source when
/// no mirror has the image. Unset (null) leaves the cluster's default, which is to allow it.
/// </summary>
public enum MirrorSourcePolicy
{
    NeverContactSource,
    AllowContactingSource,
}
