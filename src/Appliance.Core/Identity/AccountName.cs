namespace Appliance.Core.Identity;

/// <summary>The names of users and local groups: the characters a name may have, and one message for a name that does not follow it.</summary>
public static class AccountName
{
    public static bool IsValid(string name) => name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <param name="what">"user" or "group", for the message</param>
    public static void Validate(string name, string what)
    {
        if (!IsValid(name)) throw new ArgumentException($"{what} name '{name}' must be 1-64 letters, digits, '-', '_' or '.'");
    }
}
