using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Appliance.Registry.Auth;

namespace Appliance.Benchmarks;

/// <summary>
/// Answers a registry's 401 as container clients do: a Bearer challenge with a token fetched from its realm with Basic
/// credentials for the challenged scope (the token dance), a Basic challenge with the credentials themselves. The answer
/// goes with every later request until the next 401. One per client: a client's requests are sequential.
/// </summary>
public sealed partial class RegistryAuthHandler(BasicCredentials credentials, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private AuthenticationHeaderValue? _authorization;

    private AuthenticationHeaderValue Basic =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}")));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.WwwAuthenticate.FirstOrDefault() is not { } challenge) return response;
        response.Dispose();
        _authorization = challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)
            ? new AuthenticationHeaderValue("Bearer", await TokenAsync(challenge.Parameter ?? "", cancellationToken))
            : Basic;
        // Requests here carry no content or buffered content, so the same message can go again.
        request.Headers.Authorization = _authorization;
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> TokenAsync(string challenge, CancellationToken cancellationToken)
    {
        var parameters = ChallengeParameter().Matches(challenge).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var query = string.Join('&', new[] { "service", "scope" }.Where(parameters.ContainsKey).Select(k => $"{k}={Uri.EscapeDataString(parameters[k])}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{parameters["realm"]}?{query}");
        request.Headers.Authorization = Basic;
        using var response = await base.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken);
        return answer?.Token ?? throw new InvalidOperationException($"{parameters["realm"]} answered without a token");
    }

    private sealed record TokenAnswer(string Token);

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex ChallengeParameter();
}
