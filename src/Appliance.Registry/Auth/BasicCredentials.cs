using System.Text;
using Microsoft.Net.Http.Headers;

namespace Appliance.Registry.Auth;

public sealed record BasicCredentials(string User, string Password)
{
    public static BasicCredentials? FromHeader(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':');
            return colon <= 0 ? null : new BasicCredentials(decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static BasicCredentials? FromRequest(HttpRequest request) => FromHeader(request.Headers[HeaderNames.Authorization].ToString());

    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"BasicCredentials {{ User = {User} }}";
}
