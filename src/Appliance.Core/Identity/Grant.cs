namespace Appliance.Core.Identity;

/// <summary>
/// One grant: <paramref name="Principal"/> (a user, group or robot account name; "" for anonymous) gets
/// <paramref name="Permission"/> on every namespace <paramref name="Namespace"/> matches: a name (<c>ocp4</c>), a
/// prefix pattern (<c>team-*</c>) or <c>*</c>. A namespace is the first path component of a repository.
/// </summary>
public sealed record Grant(PrincipalKind Kind, string Principal, string Namespace, NamespacePermission Permission);
