using System.Text.Json;
using System.Text.Json.Nodes;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>What the API's handlers share in reading requests: the JSON body, the query's keys, and problems answered
/// as validation problem details (400) whose messages are words, never .NET type names.</summary>
public static class ApiQuery
{
    /// <summary>The body as JSON (null when empty and <paramref name="optional"/>), or the 400 to answer.</summary>
    public static async Task<(JsonNode? Body, IResult? Problem)> ReadJsonAsync(HttpRequest request, bool optional, CancellationToken ct)
    {
        if (optional && request.ContentLength is 0) return (null, null);
        try { return (await JsonNode.ParseAsync(request.Body, cancellationToken: ct), null); }
        catch (JsonException e) { return (null, Invalid([RunRequest.NotJson(e)], "the body is not JSON")); }
    }

    /// <summary>A 400 with the problems by field.</summary>
    public static IResult Invalid(IEnumerable<FieldProblem> problems, string title) =>
        Results.ValidationProblem(RunRequest.ByField(problems), title: title);

    /// <summary>Query keys the endpoint does not read: named in words rather than silently ignored.</summary>
    public static IEnumerable<FieldProblem> UnknownKeys(HttpRequest request, IReadOnlyCollection<string> known) =>
        request.Query.Keys.Where(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase))
            .Select(k => new FieldProblem(k, $"'{k}' is not a query parameter here (parameters: {string.Join(", ", known)})"));
}
