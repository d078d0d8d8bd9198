namespace Appliance.Registry.ConsoleApi;

/// <summary>Console errors as RFC 9457 problem+json: a status, a short title and a sentence a person can act on.</summary>
public static class ConsoleProblem
{
    public static IResult Of(int status, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: ReasonPhrase(status));

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
