namespace Appliance.Registry.ConsoleApi;

/// <summary>
/// Console errors as RFC 9457 problem+json: a status, a short title and a sentence a person can act on. Our own type rather than
/// ASP.NET Core's ProblemDetails, whose detail field the trimmed release binary dropped.
/// </summary>
public static class ConsoleProblem
{
    public const string ContentType = "application/problem+json";

    public sealed record Body(string Title, int Status, string Detail);

    public static IResult Of(int status, string detail) =>
        Results.Json(new Body(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), status, detail), contentType: ContentType, statusCode: status);
}
