namespace Appliance.Core.Auth;

/// <summary>
/// A password hash taken over from another system that stores bcrypt of the password itself (Quay, htpasswd), where this
/// registry's own hashes are bcrypt of the password's SHA-384: stored with this prefix, so the hasher knows which it checks
/// and users keep their passwords without anyone knowing them.
/// </summary>
public static class PlainBcryptHash
{
    public const string Prefix = "bcrypt:";

    public static string Of(string bcryptHash) => Prefix + bcryptHash;
}
