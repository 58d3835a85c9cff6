using MusicDashboard.Dashboard.Model;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>
/// The report figures of any stored run, drawn from the database with the same <see cref="StudyFigures"/> as
/// <c>reproduce</c>'s files: <c>/api/runs/{id}/figures/loss.png</c> (loss curves) and <c>latent.png</c> (the final latent
/// projection by genre). 404 until the run has the data (epochs; the model's final assignments).
/// </summary>
public static class FigureEndpoints
{
    public static readonly IReadOnlyList<string> Names = ["loss", "latent"];

    public static void MapFigureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/runs/{id:int}/figures/{name}.png", async (int id, string name, RunDetailQuery runs, HttpContext http, CancellationToken ct) =>
        {
            if (!Names.Contains(name)) return Results.NotFound(new { error = $"no figure '{name}' (figures: {string.Join(", ", Names)})" });
            if (await runs.NameAndConfigAsync(id, ct) is not { } run) return Results.NotFound(new { error = $"no run {id}" });
            return await FigureAsync(runs, id, run.ConfigJson, name, $"run #{id} {run.Name}: training loss", $"run #{id} {run.Name}: latent means",
                $"run-{id}-{name}.png", http, ct);
        }).WithTags("runs").WithName("GetRunFigure").WithSummary("A run's report figure: loss (the loss curves) or latent (the final projection by genre), PNG");

        // A study's figures under the names its table2.md gives them (figures/loss-mlp-vae-audio-seed0.png), drawn from the
        // study's run of that preset and seed with the titles reproduce gives them.
        app.MapGet("/api/studies/{id:int}/figures/{file}", async (int id, string file, StudyQuery studies, RunDetailQuery runs, HttpContext http, CancellationToken ct) =>
        {
            if (StudyFigures.ParseFileName(file) is not { } f) return Results.NotFound(new { error = $"no figure '{file}' (figures: loss-PRESET-seedN.png, latent-PRESET-seedN.png)" });
            if (await studies.RunOfAsync(id, f.Preset, f.Seed, ct) is not { } runId || await runs.NameAndConfigAsync(runId, ct) is not { } run)
                return Results.NotFound(new { error = $"study {id} has no run of {f.Preset} at seed {f.Seed}" });
            return await FigureAsync(runs, runId, run.ConfigJson, f.Kind, StudyFigures.LossTitle(f.Preset, f.Seed), StudyFigures.LatentTitle(f.Preset, f.Seed),
                $"study-{id}-{file}", http, ct);
        }).WithTags("studies").WithName("GetStudyFigure").WithSummary("A study's figure under the name its table2.md gives it (loss-PRESET-seedN.png, latent-PRESET-seedN.png)");
    }

    private static async Task<IResult> FigureAsync(RunDetailQuery runs, int id, string configJson, string kind, string lossTitle, string latentTitle,
        string download, HttpContext http, CancellationToken ct)
    {
        var figure = kind == "loss" ? Loss(await runs.EpochsAsync(id, ct), lossTitle) : await LatentAsync(runs, id, configJson, latentTitle, ct);
        if (figure is null) return Results.NotFound(new { error = $"run {id} has no {kind} figure yet" });
        http.Response.Headers.CacheControl = "no-store"; // a running run's loss figure grows
        return Results.File(StudyFigures.Png(figure), "image/png", download);
    }

    private static ScottPlot.Plot? Loss(IReadOnlyList<EpochReport> epochs, string title) =>
        epochs.Count == 0 ? null : StudyFigures.LossCurves(epochs, title);

    private static async Task<ScottPlot.Plot?> LatentAsync(RunDetailQuery runs, int id, string configJson, string title, CancellationToken ct)
    {
        string method;
        try { method = RunPipeline.LatentMethodName(RunConfig.FromJson(configJson)); }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException) { return null; }
        var rows = await runs.AssignmentsAsync(id, ct, method);
        if (rows.Count == 0) return null;
        var points = rows.Select(r => new[] { r.X, r.Y }).ToArray();
        if (rows.All(r => r.Genre is not null))
        {
            var genres = rows.Select(r => r.Genre!).Distinct().Order(StringComparer.Ordinal).ToList();
            return StudyFigures.Scatter(points, rows.Select(r => genres.IndexOf(r.Genre!)).ToArray(), genres, $"{title} by genre", "genre");
        }
        return StudyFigures.Scatter(points, rows.Select(r => r.Cluster).ToArray(), [], $"{title} by cluster", "cluster");
    }
}
