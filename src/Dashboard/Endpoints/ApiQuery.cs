using System.Text.Json;
using System.Text.Json.Nodes;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>What the API's handlers share in reading requests: the JSON body, the query's keys, and problems answered
/// as validation problem details (400) whose messages are words, never .NET type names.</summary>
public static class ApiQuery
{
    /// <summary>The body as JSON (null when empty and <paramref name="optional"/>), or the problem to answer: 415 when it
    /// is not sent as JSON, 413 when it is larger than <c>MusicDashboard:Requests:MaxJsonBodyBytes</c>, 400 when it does
    /// not parse.</summary>
    public static async Task<(JsonNode? Body, IResult? Problem)> ReadJsonAsync(HttpRequest request, bool optional, CancellationToken ct)
    {
        if (optional && request.ContentLength is 0) return (null, null);
        if (request.ContentLength is not 0 && !request.HasJsonContentType())
            return (null, Results.Problem(
                $"send the body as JSON with the header 'Content-Type: application/json' (it came as '{(string.IsNullOrEmpty(request.ContentType) ? "no content type" : request.ContentType)}')",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "unsupported media type"));
        var limit = request.HttpContext.RequestServices.GetService<AppPaths>()?.Options.Requests.MaxJsonBodyBytes ?? new RequestLimitSettings().MaxJsonBodyBytes;
        if (request.ContentLength > limit) return (null, TooLarge(limit));
        // The length may be unknown (chunked): read at most one byte past the limit to know.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) return (null, TooLarge(limit));
        }
        if (optional && buffer.Length == 0) return (null, null);
        buffer.Position = 0;
        try { return (await JsonNode.ParseAsync(buffer, cancellationToken: ct), null); }
        catch (JsonException e) { return (null, Invalid([RunRequest.NotJson(e)], "the body is not JSON")); }
    }

    private static IResult TooLarge(int limit) => Results.Problem(
        $"the body is larger than the {limit / 1024.0:0.#} KB a JSON request may be (setting MusicDashboard:Requests:MaxJsonBodyBytes)",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "request too large");

    /// <summary>A 400 with the problems by field.</summary>
    public static IResult Invalid(IEnumerable<FieldProblem> problems, string title) =>
        Results.ValidationProblem(RunRequest.ByField(problems), title: title);

    /// <summary>Query keys the endpoint does not read: named in words rather than silently ignored.</summary>
    public static IEnumerable<FieldProblem> UnknownKeys(HttpRequest request, IReadOnlyCollection<string> known) =>
        request.Query.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase))
            .Select(k => new FieldProblem(k, $"'{k}' is not a query parameter here (parameters: {string.Join(", ", known)})"));
}
