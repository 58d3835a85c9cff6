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

    public static void MapFigureEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/runs/{id:int}/figures/{name}.png", async (int id, string name, RunDetailQuery runs, HttpContext http, CancellationToken ct) =>
        {
            if (!Names.Contains(name)) return Results.NotFound(new { error = $"no figure '{name}' (figures: {string.Join(", ", Names)})" });
            if (await runs.NameAndConfigAsync(id, ct) is not { } run) return Results.NotFound(new { error = $"no run {id}" });
            var figure = name == "loss" ? Loss(await runs.EpochsAsync(id, ct), $"run #{id} {run.Name}: training loss")
                : await LatentAsync(runs, id, run.ConfigJson, $"run #{id} {run.Name}: latent means", ct);
            if (figure is null) return Results.NotFound(new { error = $"run {id} has no {name} figure yet" });
            http.Response.Headers.CacheControl = "no-store"; // a running run's loss figure grows
            return Results.File(StudyFigures.Png(figure), "image/png", $"run-{id}-{name}.png");
        }).WithTags("runs").WithName("GetRunFigure").WithSummary("A run's report figure: loss (the loss curves) or latent (the final projection by genre), PNG");

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
