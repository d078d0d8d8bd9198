using System.Security.Cryptography;
using System.Text;

namespace Appliance.Installer.Targets;

/// <summary>
/// An OpenSSH known_hosts file: plain and hashed (<c>|1|salt|hash</c>) host patterns, <c>[host]:port</c> for
/// ports other than 22. Only exact host entries are matched; wildcard patterns and markers are ignored.
/// </summary>
public sealed class KnownHosts(string path)
{
    public string Path => path;

    public HostKeyVerdict Check(string host, int port, string keyType, byte[] key)
    {
        var name = EntryName(host, port);
        var known = false;
        foreach (var line in File.Exists(path) ? File.ReadAllLines(path) : [])
        {
            var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || fields[0].StartsWith('#') || fields[0].StartsWith('@')) continue;
            if (!fields[0].Split(',').Any(pattern => Matches(pattern, name))) continue;
            known = true;
            if (fields[1] == keyType && TryDecode(fields[2]) is { } knownKey && knownKey.AsSpan().SequenceEqual(key)) return HostKeyVerdict.Trusted;
        }
        return known ? HostKeyVerdict.Changed : HostKeyVerdict.Unknown;
    }

    /// <summary>Records a newly accepted key, as <c>ssh -o StrictHostKeyChecking=accept-new</c> does.</summary>
    public void Add(string host, int port, string keyType, byte[] key)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        File.AppendAllText(path, $"{EntryName(host, port)} {keyType} {Convert.ToBase64String(key)}\n");
    }

    private static string EntryName(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    private static bool Matches(string pattern, string name)
    {
        if (!pattern.StartsWith("|1|", StringComparison.Ordinal)) return string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
        var parts = pattern.Split('|');
        if (parts.Length != 4 || TryDecode(parts[2]) is not { } salt || TryDecode(parts[3]) is not { } hash) return false;
        return HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes(name)).AsSpan().SequenceEqual(hash);
    }

    private static byte[]? TryDecode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
