using System.Net;
using Appliance.Core.Names;

namespace Appliance.Core.Releases;

/// <summary>
/// <c>[HOST[:PORT]/]REPOSITORY(:TAG|@DIGEST)</c> as oc and podman write it. The first path component is a host when it
/// looks like one (has a '.' or ':', is <c>localhost</c> or a bracketed IPv6 address), as Docker decides.
/// </summary>
public sealed record ImageReference(string? Host, string Path, ManifestReference Reference)
{
    /// <summary>Host and path, the form <see cref="ClusterConfig.MirrorSource"/> maps.</summary>
    public string Repository => Host is null ? Path : $"{Host}/{Path}";

    /// <summary>The host without its port, IP addresses in canonical form, for comparing with certificate names.</summary>
    public string? HostName => Host is null ? null : CanonicalHostName(Host);

    public static ImageReference Parse(string text)
    {
        var name = text;
        ManifestReference reference;
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            name = text[..at];
            if (!ManifestReference.TryParse(text[(at + 1)..], out reference) || !reference.IsDigest) throw Invalid(text, "the digest is not valid");
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon <= text.LastIndexOf('/')) throw Invalid(text, "it has neither :TAG nor @DIGEST");
            name = text[..colon];
            if (!ManifestReference.TryParse(text[(colon + 1)..], out reference)) throw Invalid(text, "the tag is not valid");
        }

        var slash = name.IndexOf('/');
        string? host = null;
        if (slash > 0 && LooksLikeHost(name[..slash]))
        {
            host = name[..slash];
            name = name[(slash + 1)..];
        }
        if (!RepositoryName.TryParse(name, out _)) throw Invalid(text, $"'{name}' is not a repository name");
        return new ImageReference(host, name, reference);
    }

    public override string ToString() => Reference.IsDigest ? $"{Repository}@{Reference}" : $"{Repository}:{Reference}";

    /// <summary>"Registry.Example.com:8443" -> "registry.example.com", "[::1]:8443" -> "::1".</summary>
    public static string CanonicalHostName(string host)
    {
        var withoutPort = host;
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            withoutPort = close > 0 ? host[1..close] : host;
        }
        else if (host.Count(c => c == ':') == 1)
        {
            withoutPort = host[..host.IndexOf(':')];
        }
        return IPAddress.TryParse(withoutPort, out var address) ? address.ToString() : withoutPort.ToLowerInvariant();
    }

    public static bool LooksLikeHost(string component) =>
        component.Contains('.') || component.Contains(':') || component.StartsWith('[') || component == "localhost";

    private static FormatException Invalid(string text, string why) =>
        new($"'{text}' is not an image reference [HOST[:PORT]/]REPOSITORY(:TAG|@DIGEST): {why}");
}
