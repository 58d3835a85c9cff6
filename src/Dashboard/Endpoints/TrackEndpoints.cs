using System.Globalization;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary><c>GET /api/tracks</c>: the Tracks page's filters for scripts (tracks by cluster and genre, paged), through
/// <see cref="TrackQuery"/>.</summary>
public static class TrackEndpoints
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public static readonly IReadOnlyList<string> QueryKeys = ["run", "method", "cluster", "genre", "q", "file", "sort", "page", "pageSize"];

    public static void MapTrackEndpoints(this IEndpointRouteBuilder app) =>
        // The query's keys are parameters (strings, checked here) so the OpenAPI document lists them.
        app.MapGet("/api/tracks", async (HttpRequest request, TrackQuery tracks, AppPaths paths, string? run, string? method, string? cluster, string? genre,
            string? q, string? file, string? sort, string? page, string? pageSize, CancellationToken ct) =>
        {
            var values = new Dictionary<string, string?>
            {
                ["run"] = run, ["method"] = method, ["cluster"] = cluster, ["genre"] = genre, ["q"] = q, ["file"] = file, ["sort"] = sort,
                ["page"] = page, ["pageSize"] = pageSize,
            };
            string? Value(string key) => string.IsNullOrWhiteSpace(values.GetValueOrDefault(key)) ? null : values[key]!.Trim();
            var problems = ApiQuery.UnknownKeys(request, QueryKeys).ToList();
            int? runId = Int(Value, "run", 1, int.MaxValue, "run must be a run's id (a whole number)", problems);
            var clusters = Ints(Value, "cluster", problems);
            var genres = (Value("genre") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            var pageIndex = Int(Value, "page", 0, int.MaxValue, "page must be a whole number from 0 (the first page)", problems) ?? 0;
            var size = Int(Value, "pageSize", 1, MaxPageSize, $"pageSize must be a whole number from 1 to {MaxPageSize}", problems) ?? DefaultPageSize;
            var sortBy = Value("sort") ?? "genre";
            var descending = sortBy.StartsWith('-');
            if (sortBy.TrimStart('-') is not ("genre" or "file" or "duration"))
                problems.Add(new FieldProblem("sort", $"cannot sort tracks by '{sortBy}': give genre, file or duration ('-' in front for descending)"));
            var methodName = Value("method");
            if (clusters.Count > 0 && runId is null) problems.Add(new FieldProblem("cluster", "clusters belong to a run: give run=<id> too"));
            if (methodName is not null && runId is null) problems.Add(new FieldProblem("method", "a method's clusters belong to a run: give run=<id> too"));
            if (problems.Count > 0) return ApiQuery.Invalid(problems, "invalid tracks query");

            var root = paths.DatasetRoot;
            if (runId is { } id)
            {
                var clustered = (await tracks.ClusteredRunsAsync(ct)).FirstOrDefault(r => r.Id == id);
                if (clustered is null) return Results.NotFound(new ApiError($"run {id} has no stored clusters (no such run, or it has not finished)"));
                root = clustered.DatasetRoot;
                var methods = await tracks.MethodsAsync(id, ct);
                methodName ??= await tracks.DefaultMethodAsync(id, ct) ?? methods.FirstOrDefault();
                if (methodName is null || !methods.Contains(methodName))
                    return ApiQuery.Invalid([new FieldProblem("method", $"run {id} has no clusters of '{methodName}' (its methods: {string.Join("; ", methods)})")], "invalid tracks query");
            }
            var filter = new TrackFilter
            {
                DatasetRoot = root, RunId = runId, Method = runId is null ? null : methodName, Clusters = clusters, Genres = genres,
                TranscriptText = Value("q"), FileText = Value("file"),
            };
            var (rows, total) = await tracks.PageAsync(new TrackPageRequest(filter, sortBy.TrimStart('-'), descending, pageIndex, size), ct);
            return Results.Json(new TrackPage(runId, filter.Method, clusters, genres, total, pageIndex, size, rows.Select(TrackItem.From).ToList()));
        })
            .WithTags("tracks")
            .WithName("ListTracks")
            .WithSummary("Tracks of the collection or of a run, by cluster and genre, paged")
            .WithDescription("Query: run (a run with stored clusters; its collection's tracks), method (whose clusters; default the model's row), " +
                "cluster (comma-separated), genre (comma-separated), q (words in the transcript), file (part of the file name), " +
                $"sort (genre, file, duration; '-' for descending), page (from 0), pageSize (1-{MaxPageSize}, default {DefaultPageSize}). Without a run: the configured collection.")
            .Produces<TrackPage>()
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();

    private static int? Int(Func<string, string?> query, string key, int min, int max, string problem, List<FieldProblem> problems)
    {
        if (query(key) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        problems.Add(new FieldProblem(key, $"{problem} (got '{text}')"));
        return null;
    }

    private static List<int> Ints(Func<string, string?> query, string key, List<FieldProblem> problems)
    {
        var list = new List<int>();
        foreach (var part in (query(key) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) list.Add(v);
            else problems.Add(new FieldProblem(key, $"'{part}' is not a cluster number (clusters are whole numbers, -1 for DBSCAN's noise)"));
        }
        return list;
    }
}
