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
        var api = app.MapGroup("/api/runs");

        // Same JSON as the hub's StartRun: a whole config or a preset plus overrides.
        api.MapPost("", async (HttpRequest request, RunQueue queue, CancellationToken ct) =>
        {
            JsonNode? body;
            try { body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct); }
            catch (JsonException e) { return Results.ValidationProblem(new Dictionary<string, string[]> { [""] = [$"not valid JSON: {e.Message}"] }); }
            var (config, problems) = RunRequest.Parse(body);
            // A config that parsed goes to the queue, which reports all its problems (settings and dataset) at once.
            if (config is null) return Results.ValidationProblem(RunRequest.ByField(problems), title: "invalid run configuration");
            var result = await queue.EnqueueAsync(config, ct);
            if (!result.Accepted) return Results.ValidationProblem(RunRequest.ByField(result.Problems), title: "invalid run configuration");
            return Results.Created($"/api/runs/{result.RunId}", new { id = result.RunId, state = "queued", watch = $"/runs/{result.RunId}" });
        });

        // "Reproduce the study": every Table 1 preset at each seed, queued like single runs; Compare shows them together.
        app.MapPost("/api/study", async (HttpRequest request, RunQueue queue, MusicDashboard.Core.Configuration.AppPaths paths, CancellationToken ct) =>
        {
            JsonNode? body = null;
            if (request.ContentLength is not 0)
            {
                try { body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct); }
                catch (JsonException e) { return Results.ValidationProblem(new Dictionary<string, string[]> { [""] = [$"not valid JSON: {e.Message}"] }); }
            }
            var (plan, dataset, problems) = StudyLauncher.Parse(body, paths.UsesDemoCorpus ? "demo" : paths.Options.DatasetPath);
            if (plan is null) return Results.ValidationProblem(RunRequest.ByField(problems), title: "invalid study request");
            var outcome = await StudyLauncher.QueueAsync(queue, plan, dataset!, ct);
            if (outcome.Problems.Count > 0)
                return Results.ValidationProblem(RunRequest.ByField(outcome.Problems), title: outcome.RunIds.Count == 0 ? "nothing queued"
                    : $"queued runs {string.Join(", ", outcome.RunIds)}, then stopped");
            return Results.Created(outcome.CompareUrl, new { ids = outcome.RunIds, compare = outcome.CompareUrl, studyId = outcome.StudyId, study = outcome.StudyUrl });
        });

        api.MapGet("/{id:int}", async (int id, RunBroker broker, CancellationToken ct) =>
        {
            var s = await broker.SnapshotAsync(id, ct);
            if (s is null) return Results.NotFound(new { error = $"no run {id}" });
            return Results.Json(new
            {
                id = s.RunId, name = s.Name, preset = s.Preset, dataset = s.Dataset, state = s.State, message = s.Message,
                createdAt = s.CreatedAt, startedAt = s.StartedAt, finishedAt = s.FinishedAt,
                epochs = s.Epochs, epochsDone = s.EpochList.Count,
                lastEpoch = s.EpochList.LastOrDefault() is { } e ? new { e.Epoch, e.Loss, e.Reconstruction, e.Kl, e.Beta, e.Seconds } : null,
                metrics = s.Metrics,
            }, Json);
        });

        api.MapPost("/{id:int}/cancel", (int id, RunQueue queue) =>
            queue.Cancel(id) ? Results.Accepted($"/api/runs/{id}") : Results.Conflict(new { error = $"run {id} is not queued or running here" }));

        api.MapGet("/{id:int}/assignments.csv", async (int id, RunDetailQuery runs, CancellationToken ct) =>
        {
            if (!await runs.ExistsAsync(id, ct)) return Results.NotFound(new { error = $"no run {id}" });
            var rows = await runs.AssignmentsAsync(id, ct);
            var csv = Csv.Write(["run_id", "method", "track_id", "path", "genre", "clip_index", "offset_seconds", "cluster", "x", "y"],
                rows.Select(r => (IEnumerable<object?>)[id, r.Method, r.TrackId, r.File, r.Genre ?? "", r.ClipIndex, r.OffsetSeconds, r.Cluster, r.X, r.Y]));
            return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv", $"run-{id}-assignments.csv");
        });

        api.MapGet("/{id:int}/metrics.json", async (int id, RunDetailQuery runs, CancellationToken ct) =>
        {
            var table = await runs.Table2Async(id, ct);
            return table is null ? Results.NotFound(new { error = $"no run {id}" })
                : Results.File(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(table, Json)), "application/json", $"run-{id}-metrics.json");
        });

        api.MapGet("/{id:int}/metrics.csv", async (int id, RunDetailQuery runs, CancellationToken ct) =>
        {
            var table = await runs.Table2Async(id, ct);
            return table is null ? Results.NotFound(new { error = $"no run {id}" })
                : Results.File(Encoding.UTF8.GetBytes(Table2Report.ToCsv(table)), "text/csv", $"run-{id}-metrics.csv");
        });

        // The stored config, exactly: importing it into the New run form (or POSTing it) repeats the run.
        api.MapGet("/{id:int}/config.json", async (int id, RunDetailQuery runs, CancellationToken ct) =>
        {
            var json = await runs.ConfigJsonAsync(id, ct);
            return json is null ? Results.NotFound(new { error = $"no run {id}" })
                : Results.File(Encoding.UTF8.GetBytes(json), "application/json", $"run-{id}-config.json");
        });
    }
}
