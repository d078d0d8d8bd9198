using System.Text;

namespace Appliance.Core.Auth;

/// <summary>The <c>{"auths":{registry:{auth}}}</c> document podman, skopeo and OpenShift read credentials from.</summary>
public static class PullSecret
{
    public static Dictionary<string, object> For(string registry, string user, string password) => new()
    {
        ["auths"] = new Dictionary<string, object>
        {
            [registry] = new Dictionary<string, string> { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")) },
        },
    };
}
