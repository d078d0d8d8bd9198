using System.Text;
using System.Text.Json;

namespace Appliance.Upstream;

/// <summary>A user and password for one upstream host, as a pull secret's <c>auth</c> holds them. Never printed: no ToString of its values.</summary>
public sealed class UpstreamCredentials(string user, string password)
{
    public string User { get; } = user;

    /// <summary>The <c>Authorization: Basic</c> value for these credentials.</summary>
    public string BasicParameter { get; } = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    public override string ToString() => $"credentials of {User}";

    /// <summary>
    /// The entries of a pull secret (<c>{"auths":{"host":{"auth":"base64(user:password)"}}}</c>) by host; an entry with
    /// <c>username</c> and <c>password</c> fields is read too. Errors name the file and the host, never a value.
    /// </summary>
    public static IReadOnlyDictionary<string, UpstreamCredentials> ReadPullSecret(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            throw new FormatException($"{path} is not a pull secret: not JSON");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("auths", out var auths)
                || auths.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{path} is not a pull secret: it has no \"auths\" object");
            }
            var credentials = new Dictionary<string, UpstreamCredentials>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in auths.EnumerateObject())
            {
                credentials[entry.Name] = Read(entry, path);
            }
            return credentials;
        }
    }

    private static UpstreamCredentials Read(JsonProperty entry, string path)
    {
        var value = entry.Value;
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(auth.GetString()!));
                var colon = pair.IndexOf(':');
                if (colon > 0) return new UpstreamCredentials(pair[..colon], pair[(colon + 1)..]);
            }
            catch (FormatException)
            {
                // Reported below, without the value.
            }
        }
        else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("username", out var user) && value.TryGetProperty("password", out var password)
                 && user.ValueKind == JsonValueKind.String && password.ValueKind == JsonValueKind.String)
        {
            return new UpstreamCredentials(user.GetString()!, password.GetString()!);
        }
        throw new FormatException($"{path}: the entry of {entry.Name} has no \"auth\" holding base64 of user:password");
    }
}
