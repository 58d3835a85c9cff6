using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Reports;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>The HTTP API for scripts (mirrors the hub) and the export downloads of the pages.</summary>
public static class RunEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void MapRunEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs").WithTags("runs");

        // The query's keys are parameters (strings, read by RunListRequest.Parse) so the OpenAPI document lists them.
        api.MapGet("", async (HttpRequest request, RunsQuery runs, string? state, string? preset, string? dataset, string? q, string? sort,
            string? metrics, string? offset, string? limit, CancellationToken ct) =>
        {
            var values = new Dictionary<string, string?>
            {
                ["state"] = state, ["preset"] = preset, ["dataset"] = dataset, ["q"] = q, ["sort"] = sort, ["metrics"] = metrics, ["offset"] = offset, ["limit"] = limit,
            };
            var (list, problems) = RunListRequest.Parse(key => values.GetValueOrDefault(key));
            var all = problems.Select(p => new FieldProblem(p.Key, p.Message)).Concat(ApiQuery.UnknownKeys(request, RunListRequest.QueryKeys)).ToList();
            if (all.Count > 0) return ApiQuery.Invalid(all, "invalid runs query");
            var page = await runs.ListAsync(list, ct);
            var now = DateTime.UtcNow;
            return Results.Json(new RunListPage(page.Total, list.Offset, list.Limit, list.SortText, list.Metrics.ToString().ToLowerInvariant(),
                page.Runs.Select(r => RunListItem.From(r, list.Metrics, now)).ToList()), Json);
        })
            .WithName("ListRuns")
            .WithSummary("Lists the stored runs, filtered, sorted and paged")
            .WithDescription("Query: state (comma-separated: queued, running, completed, failed, cancelled, interrupted), preset, dataset, " +
                "q (words in the name), sort (id, name, preset, dataset, state, created, duration, nmi, ari, silhouette; '-' in front for " +
                "descending; default -created), metrics (model: the model's row, default; best: the best of the run's rows), offset, limit (1-1000). " +
                "The Runs page's address takes the same keys.")
            .Produces<RunListPage>()
            .ProducesValidationProblem();

        // Same JSON as the hub's StartRun: a whole config or a preset plus overrides.
        api.MapPost("", async (HttpRequest request, RunQueue queue, MusicDashboard.Core.Configuration.AppPaths paths, CancellationToken ct) =>
        {
            var (body, invalid) = await ApiQuery.ReadJsonAsync(request, optional: false, ct);
            if (invalid is not null) return invalid;
            var (config, problems) = RunRequest.Parse(body, paths.DefaultDataset);
            // A config that parsed goes to the queue, which reports all its problems (settings and dataset) at once.
            if (config is null) return ApiQuery.Invalid(problems, "invalid run configuration");
            var result = await queue.EnqueueAsync(config, ct);
            if (!result.Accepted) return ApiQuery.Invalid(result.Problems, "invalid run configuration");
            return Results.Created($"/api/runs/{result.RunId}", new { id = result.RunId, state = "queued", watch = $"/runs/{result.RunId}" });
        })
            .RequireRateLimiting(Security.RunCreationLimits.Policy)
            .WithName("StartRun")
            .WithSummary("Queues a run: a whole config (an exported config.json) or a preset plus overrides")
            .WithDescription("E.g. { \"preset\": \"mlp-vae-audio\", \"epochs\": 3 }. Without a dataset the run uses the configured collection " +
                "(the demo corpus when none is configured); without a name it is named after its model, dataset and seed.")
            .Accepts<JsonObject>("application/json")
            .Produces(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        // "Reproduce the study": every Table 1 preset at each seed, queued like single runs; Compare shows them together.
        app.MapPost("/api/study", async (HttpRequest request, RunQueue queue, MusicDashboard.Core.Configuration.AppPaths paths, CancellationToken ct) =>
        {
            var (body, invalid) = await ApiQuery.ReadJsonAsync(request, optional: true, ct);
            if (invalid is not null) return invalid;
            var (plan, dataset, problems) = StudyLauncher.Parse(body, paths.DefaultDataset);
            if (plan is null) return ApiQuery.Invalid(problems, "invalid study request");
            var outcome = await StudyLauncher.QueueAsync(queue, plan, dataset!, ct);
            if (outcome.Problems.Count > 0)
                return ApiQuery.Invalid(outcome.Problems, outcome.RunIds.Count == 0 ? "nothing queued"
                    : $"queued runs {string.Join(", ", outcome.RunIds)}, then stopped");
            return Results.Created(outcome.CompareUrl, new { ids = outcome.RunIds, compare = outcome.CompareUrl, studyId = outcome.StudyId, study = outcome.StudyUrl });
        })
            .WithTags("runs")
            .RequireRateLimiting(Security.RunCreationLimits.Policy)
            .WithName("ReproduceStudy")
            .WithSummary("Queues every Table 1 preset (and ours) at each seed; the answer links Compare with them and the study page")
            .WithDescription("Body (every field optional): { \"dataset\": \"demo\", \"seeds\": [0, 1], \"presets\": [...], \"epochs\": 3, \"quick\": true }.")
            .Accepts<JsonObject>("application/json")
            .Produces(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        api.MapGet("/{id:int}", async (int id, RunBroker broker, CancellationToken ct) =>
        {
            var s = await broker.SnapshotAsync(id, ct);
            if (s is null) return Results.NotFound(new ApiError($"no run {id}"));
            return Results.Json(new
            {
                id = s.RunId, name = s.Name, preset = s.Preset, dataset = s.Dataset, state = s.State, message = s.Message,
                createdAt = s.CreatedAt, startedAt = s.StartedAt, finishedAt = s.FinishedAt,
                epochs = s.Epochs, epochsDone = s.EpochList.Count,
                lastEpoch = s.EpochList.LastOrDefault() is { } e ? new { e.Epoch, e.Loss, e.Reconstruction, e.Kl, e.Beta, e.Seconds } : null,
                metrics = s.Metrics,
            }, Json);
        })
            .WithName("GetRun")
            .WithSummary("A run: state, message, times, epochs (total and done), the last epoch, its metric rows")
            .Produces(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status404NotFound);

        api.MapPost("/{id:int}/cancel", async (int id, RunQueue queue, CancellationToken ct) =>
            await queue.CancelAsync(id, ct) ? Results.Accepted($"/api/runs/{id}") : Results.Conflict(new ApiError($"run {id} is not queued or running here")))
            .WithName("CancelRun")
            .WithSummary("Cancels a queued or running run")
            .Produces(StatusCodes.Status202Accepted)
            .Produces<ApiError>(StatusCodes.Status409Conflict);

        api.MapPost("/{id:int}/resume", async (int id, RunDetailQuery runs, RunResumer resumer, CancellationToken ct) =>
        {
            if (!await runs.ExistsAsync(id, ct)) return Results.NotFound(new ApiError($"no run {id}"));
            var problem = await resumer.ResumeAsync(id, ct);
            return problem is null ? Results.Accepted($"/api/runs/{id}", new { id, state = "queued", watch = $"/runs/{id}" })
                : Results.Conflict(new ApiError(problem));
        })
            .WithName("ResumeRun")
            .WithSummary("Queues an interrupted run again to continue from its last checkpoint")
            .WithDescription("From its last checkpoint; a run without one (cut short before it, or still queued when the server stopped) starts again from the first epoch. 409 when the run is not interrupted or its checkpoint cannot be read (the message says which).")
            .Produces(StatusCodes.Status202Accepted)
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict);

        api.MapDelete("/{id:int}", async (int id, RunDetailQuery runs, RunQueue queue, RunAdmin admin, CancellationToken ct) =>
        {
            if (!await runs.ExistsAsync(id, ct)) return Results.NotFound(new ApiError($"no run {id}"));
            var problem = await admin.DeleteAsync(id, ct);
            return problem is null ? Results.NoContent() : Results.Conflict(new ApiError(problem));
        })
            .WithName("DeleteRun")
            .WithSummary("Deletes a run with its epochs, metrics, assignments and folder")
            .WithDescription("Refused (409) while the run is queued or running: cancel it first.")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict);

        api.MapGet("/{id:int}/assignments.csv", async (int id, RunDetailQuery runs, CancellationToken ct) =>
        {
            if (!await runs.ExistsAsync(id, ct)) return Results.NotFound(new ApiError($"no run {id}"));
            var rows = await runs.AssignmentsAsync(id, ct);
            var csv = Csv.Write(["run_id", "method", "track_id", "path", "genre", "clip_index", "offset_seconds", "cluster", "x", "y"],
                rows.Select(r => (IEnumerable<object?>)[id, r.Method, r.TrackId, r.File, r.Genre ?? "", r.ClipIndex, r.OffsetSeconds, r.Cluster, r.X, r.Y]));
            return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv", $"run-{id}-assignments.csv");
        })
            .WithName("GetRunAssignments")
            .WithSummary("The cluster of every clip for each method of the run (CSV)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces<ApiError>(StatusCodes.Status404NotFound);

        api.MapGet("/{id:int}/metrics.json", async (int id, RunDetailQuery runs, CancellationToken ct) =>
        {
            var table = await runs.Table2Async(id, ct);
            return table is null ? Results.NotFound(new ApiError($"no run {id}"))
                : Results.File(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(table, Json)), "application/json", $"run-{id}-metrics.json");
        })
            .WithName("GetRunMetricsJson")
            .WithSummary("Table 2 of the run (the shape of reproduce's table2.json)")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces<ApiError>(StatusCodes.Status404NotFound);

        api.MapGet("/{id:int}/metrics.csv", async (int id, RunDetailQuery runs, CancellationToken ct) =>
        {
            var table = await runs.Table2Async(id, ct);
            return table is null ? Results.NotFound(new ApiError($"no run {id}"))
                : Results.File(Encoding.UTF8.GetBytes(Table2Report.ToCsv(table)), "text/csv", $"run-{id}-metrics.csv");
        })
            .WithName("GetRunMetricsCsv")
            .WithSummary("Table 2 of the run (CSV)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces<ApiError>(StatusCodes.Status404NotFound);

        // The stored config, exactly: importing it into the New run form (or POSTing it) repeats the run.
        api.MapGet("/{id:int}/config.json", async (int id, RunDetailQuery runs, CancellationToken ct) =>
        {
            var json = await runs.ConfigJsonAsync(id, ct);
            return json is null ? Results.NotFound(new ApiError($"no run {id}"))
                : Results.File(Encoding.UTF8.GetBytes(json), "application/json", $"run-{id}-config.json");
        })
            .WithName("GetRunConfig")
            .WithSummary("The stored config: POST it back or import it into the form to repeat the run")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces<ApiError>(StatusCodes.Status404NotFound);
    }
}
