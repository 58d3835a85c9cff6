using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MusicDashboard.Dashboard.Model;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>The playlists over HTTP: list, create, get, delete, and the M3U and CSV exports. Bad requests are
/// problem+json with the problems by field, in words.</summary>
public static class PlaylistEndpoints
{
    public static void MapPlaylistEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/playlists");

        api.MapGet("", async (PlaylistQuery playlists, CancellationToken ct) =>
            Results.Json((await playlists.AllAsync(ct)).Select(Json)))
            .WithTags("playlists").WithName("ListPlaylists").WithSummary("Every saved playlist, newest first, with its export links");

        // {"name": "...", "runId": 3 (optional), "trackIds": [1, 2, 3]}: the tracks in playing order.
        api.MapPost("", async (HttpRequest request, PlaylistStore store, PlaylistQuery playlists, CancellationToken ct) =>
        {
            var (body, invalid) = await ApiQuery.ReadJsonAsync(request, optional: false, ct);
            if (invalid is not null) return invalid;
            if (body is not JsonObject o)
                return Results.ValidationProblem(new Dictionary<string, string[]> { [""] = ["the body must be a JSON object {\"name\", \"runId\", \"trackIds\"}"] }, title: "invalid playlist");
            var problems = new Dictionary<string, string[]>();
            var name = Text(o, "name", problems);
            var runId = Integer(o["runId"], "runId", problems);
            var trackIds = Integers(o["trackIds"], problems);
            if (problems.Count > 0) return Results.ValidationProblem(problems, title: "invalid playlist");
            var result = await store.CreateAsync(name, runId, trackIds, ct);
            if (!result.Saved) return Results.ValidationProblem(result.Problems, title: "invalid playlist");
            var saved = await playlists.GetAsync(result.Id!.Value, ct);
            return Results.Created($"/api/playlists/{result.Id}", Json(saved!));
        })
            .WithTags("playlists").WithName("CreatePlaylist").WithSummary("Saves a playlist: {name, runId (optional), trackIds in playing order}");

        api.MapGet("/{id:int}", async (int id, PlaylistQuery playlists, CancellationToken ct) =>
            await playlists.GetAsync(id, ct) is { } p ? Results.Json(Json(p)) : NotFound(id))
            .WithTags("playlists").WithName("GetPlaylist").WithSummary("A playlist with its tracks in order");

        api.MapDelete("/{id:int}", async (int id, PlaylistStore store, CancellationToken ct) =>
            await store.DeleteAsync(id, ct) ? Results.NoContent() : NotFound(id))
            .WithTags("playlists").WithName("DeletePlaylist").WithSummary("Deletes a playlist (its tracks stay in the collection)");

        api.MapGet("/{id:int}.m3u", async (int id, PlaylistQuery playlists, CancellationToken ct) =>
            await playlists.GetAsync(id, ct) is { } p
                ? Results.File(Encoding.UTF8.GetBytes(PlaylistExport.M3u(p)), "audio/x-mpegurl; charset=utf-8", PlaylistExport.FileName(p.Summary, "m3u"))
                : NotFound(id))
            .WithTags("playlists").WithName("GetPlaylistM3u").WithSummary("A playlist as extended M3U (absolute file paths)");

        api.MapGet("/{id:int}.csv", async (int id, PlaylistQuery playlists, CancellationToken ct) =>
            await playlists.GetAsync(id, ct) is { } p
                ? Results.File(Encoding.UTF8.GetBytes(PlaylistExport.Csv(p)), "text/csv; charset=utf-8", PlaylistExport.FileName(p.Summary, "csv"))
                : NotFound(id))
            .WithTags("playlists").WithName("GetPlaylistCsv").WithSummary("A playlist as CSV");
    }

    private static IResult NotFound(int id) => Results.NotFound(new { error = $"no playlist {id}" });

    private static object Json(PlaylistSummary p) => new
    {
        id = p.Id, name = p.Name, runId = p.RunId, createdAt = p.CreatedAt, tracks = p.Tracks, seconds = p.Seconds,
        m3u = $"/api/playlists/{p.Id}.m3u", csv = $"/api/playlists/{p.Id}.csv",
    };

    private static object Json(PlaylistDetail p) => new
    {
        id = p.Summary.Id, name = p.Summary.Name, runId = p.Summary.RunId, createdAt = p.Summary.CreatedAt, seconds = p.Summary.Seconds,
        m3u = $"/api/playlists/{p.Summary.Id}.m3u", csv = $"/api/playlists/{p.Summary.Id}.csv",
        tracks = p.Tracks.Select(t => new { position = t.Position, id = t.TrackId, title = t.Title, genre = t.Genre, seconds = t.DurationSeconds, file = t.File, audio = $"/api/tracks/{t.TrackId}/audio" }),
    };

    private static string? Text(JsonObject o, string field, Dictionary<string, string[]> problems)
    {
        var node = o[field];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        problems[field] = [$"{field} must be text"];
        return null;
    }

    private static int? Integer(JsonNode? node, string field, Dictionary<string, string[]> problems)
    {
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<int>(out var i)) return i;
        problems[field] = [$"{field} must be a whole number (a run id), or left out"];
        return null;
    }

    private static List<int>? Integers(JsonNode? node, Dictionary<string, string[]> problems)
    {
        if (node is null) return null;
        if (node is JsonArray a)
        {
            var ids = new List<int>(a.Count);
            foreach (var item in a)
            {
                if (item is JsonValue v && v.TryGetValue<int>(out var i)) ids.Add(i);
                else { problems["trackIds"] = ["trackIds must be a list of track ids (whole numbers)"]; return null; }
            }
            return ids;
        }
        problems["trackIds"] = ["trackIds must be a list of track ids (whole numbers)"];
        return null;
    }
}
