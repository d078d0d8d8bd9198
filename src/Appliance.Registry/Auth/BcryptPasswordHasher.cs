using Appliance.Core.Auth;
using Microsoft.Extensions.Options;

namespace Appliance.Registry.Auth;

public sealed class BcryptPasswordHasher(IOptions<AuthOptions> options) : IPasswordHasher
{
    /// <summary>Cost 11 is the floor: cheaper hashes are too easy to brute-force offline.</summary>
    private int Cost => Math.Max(options.Value.BcryptCost, 11);

    public string Hash(string password) => BCrypt.Net.BCrypt.EnhancedHashPassword(password, Cost);

    public bool Verify(string password, string hash)
    {
        try
        {
            return hash.StartsWith(PlainBcryptHash.Prefix, StringComparison.Ordinal)
                ? BCrypt.Net.BCrypt.Verify(password, hash[PlainBcryptHash.Prefix.Length..])
                : BCrypt.Net.BCrypt.EnhancedVerify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }
}
