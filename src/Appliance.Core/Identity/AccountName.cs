namespace Appliance.Core.Identity;

/// <summary>
/// The names of users and groups: those this registry keeps follow one rule (<see cref="IsValid"/>); a directory's are
/// its own (Active Directory's groups have spaces, "Domain Admins"), so grants take any <see cref="IsValidDirectoryName"/>.
/// </summary>
public static class AccountName
{
    public static bool IsValid(string name) => name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <param name="what">"user" or "group", for the message</param>
    public static void Validate(string name, string what)
    {
        if (!IsValid(name)) throw new ArgumentException($"{what} name '{name}' must be 1-64 letters, digits, '-', '_' or '.'");
    }

    /// <summary>A name a directory may give a user or group: 1-256 characters, none a control character, no ':' (it ends the user in Basic auth).</summary>
    public static bool IsValidDirectoryName(string name) => name.Length is > 0 and <= 256 && !name.Any(c => char.IsControl(c) || c == ':');
}
