namespace Telltale.Server.Http;

/// <summary>The error responses: RFC 9457 problem details whose <c>detail</c> is one line saying what to fix; never a stack trace.</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail) => Results.Problem(detail: OneLine(detail), statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    public static IResult NotFound(string detail) => Results.Problem(detail: OneLine(detail), statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static IResult Conflict(string detail) => Results.Problem(detail: OneLine(detail), statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
