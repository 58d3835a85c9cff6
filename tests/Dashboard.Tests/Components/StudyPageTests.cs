using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Components.Pages;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Tests.Components;

/// <summary>A study's table is computed from what its runs stored (<see cref="StudyRecorder"/>) and the Study page shows it:
/// mean ± std, verdicts, figures, runs, stage timings; a running or failed study says so.</summary>
public sealed class StudyPageTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-study-").FullName;
    private DbContextOptions<MusicDbContext> _options = null!;
    private static readonly StudyPlan Plan = new([Presets.MlpVaeAudio], [0, 1], Quick: true);

    public async Task InitializeAsync()
    {
        var path = Path.Combine(_dir, "runs.db");
        await Database.MigrateAsync(path);
        _options = Database.Options(path);
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton(new StudyQuery(new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<MusicDbContext>(_options)));
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static MetricsRow Row(string method, string input, double nmi) =>
        new(method, input, method.EndsWith("GMM") ? "GMM (diag)" : "KMeans", 10, nmi / 2, 1.5, 100, nmi - 0.1, nmi, nmi + 0.1, 2) { Unit = "tracks", Units = 20 };

    /// <summary>A run of the study at <paramref name="seed"/> as the recorder stores it: rows, a log with two stages.</summary>
    private int AddRun(int studyId, int seed, RunState state, double nmi)
    {
        using var db = new MusicDbContext(_options);
        var start = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc).AddMinutes(seed);
        var run = RunRecorder.NewRun(Plan.Config(Presets.MlpVaeAudio, "demo", seed), "synthetic demo", "/corpus", state);
        run.StudyId = studyId;
        run.StartedAt = start;
        run.FinishedAt = state == RunState.Running ? null : start.AddSeconds(30);
        run.Clips = 60;
        run.TracksUsed = 20;
        run.Error = state == RunState.Failed ? "the VAE diverged" : null;
        db.Runs.Add(run);
        db.SaveChanges();
        var order = 0;
        foreach (var r in new[] { Row("Raw MFCC + KMeans", "MFCC", 0.3), Row("MLP-VAE (Audio) + KMeans", "Latent", nmi), Row("MLP-VAE (Audio) + GMM", "Latent", nmi - 0.05) })
            db.MetricRows.Add(new MetricRowEntity { RunId = run.Id, Order = order++, Row = r });
        var seq = 0;
        foreach (var (stage, at) in new[] { ("features", 1.0), ("features", 5.0), ("train", 6.0), ("cluster", 20.0), ("train", 26.0) })
            db.RunLogs.Add(new RunLogEntity { RunId = run.Id, Seq = ++seq, At = start.AddSeconds(at), Stage = stage, Text = "..." });
        db.SaveChanges();
        return run.Id;
    }

    [Fact]
    public void TheTableIsTheMeanAndStdOfTheStoredRowsAndThePageShowsItWithVerdictsFiguresAndRuns()
    {
        var studyId = StudyRecorder.Create(_options, Plan, "synthetic demo", "/corpus", null);
        var runs = new[] { AddRun(studyId, 0, RunState.Completed, 0.5), AddRun(studyId, 1, RunState.Completed, 0.7) };

        var table = StudyRecorder.Finish(_options, studyId, "test")!;
        Assert.Equal(["Raw MFCC + KMeans", "MLP-VAE (Audio) + KMeans", "MLP-VAE (Audio) + GMM"], table.Rows.Select(r => r.Method));
        var latent = table.Rows[1];
        Assert.Equal(0.6, latent.Nmi!.Value, 12);
        Assert.Equal(Math.Sqrt(0.02), latent.NmiStd!.Value, 12); // sample std of 0.5 and 0.7
        Assert.Equal([0, 1], latent.Seeds);
        Assert.Equal(["MLP-VAE (Audio) + KMeans", "MLP-VAE (Audio) + GMM"], table.Verdicts!.Select(v => v.Latent));
        Assert.Equal(["figures/loss-mlp-vae-audio-seed0.png", "figures/latent-mlp-vae-audio-seed0.png"], table.Figures);
        // Stages from the logs: features 1 -> 5 s, train 6 -> 26 s (the clustering lines are no stage), and each run's total.
        var first = table.Stages!.Where(s => s.Seed == 0).ToList();
        Assert.Equal(["features", "train", "run total"], first.Select(s => s.Stage));
        Assert.Equal([4.0, 20.0, 30.0], first.Select(s => Math.Round(s.Seconds, 6)));
        Assert.Equal(60, table.Clips);
        Assert.Contains("quick mode", table.Settings);
        Assert.Contains("also clustered by GMM (diag)", table.Settings);

        var cut = _ctx.Render<Study>(p => p.Add(s => s.StudyId, studyId));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=study-table]")));
        Assert.Contains("completed", cut.Find(".run-state").TextContent);
        var rows = cut.FindAll("[data-testid=metrics-row]");
        Assert.Equal(3, rows.Count);
        Assert.Contains("0.600 ± 0.141", rows[1].TextContent);
        Assert.Equal(2, cut.FindAll("[data-testid=study-verdict]").Count);
        Assert.Equal([$"api/studies/{studyId}/figures/loss-mlp-vae-audio-seed0.png", $"api/studies/{studyId}/figures/latent-mlp-vae-audio-seed0.png"],
            cut.FindAll("[data-testid=study-figure]").Select(i => i.GetAttribute("src")));
        Assert.Equal(runs.Select(id => $"runs/{id}"), cut.FindAll("[data-testid=study-run] a").Select(a => a.GetAttribute("href")));
        Assert.NotEmpty(cut.FindAll("[data-testid=study-download]"));
        Assert.Empty(cut.FindAll("[data-testid=study-pending]"));
    }

    [Fact]
    public void AStudyWithARunStillGoingHasNoTableYet()
    {
        var studyId = StudyRecorder.Create(_options, Plan, "synthetic demo", "/corpus", null);
        AddRun(studyId, 0, RunState.Completed, 0.5);
        AddRun(studyId, 1, RunState.Running, 0.7);

        Assert.Null(StudyRecorder.Finish(_options, studyId, "test"));
        var cut = _ctx.Render<Study>(p => p.Add(s => s.StudyId, studyId));
        cut.WaitForAssertion(() => Assert.Contains("1 of 2 have ended", cut.Find("[data-testid=study-pending]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=study-table]"));
        Assert.Empty(cut.FindAll("[data-testid=study-download]"));
    }

    [Fact]
    public void AFailedRunFailsTheStudyWithItsReason()
    {
        var studyId = StudyRecorder.Create(_options, Plan, "synthetic demo", "/corpus", null);
        AddRun(studyId, 0, RunState.Completed, 0.5);
        var failed = AddRun(studyId, 1, RunState.Failed, 0.7);

        Assert.Null(StudyRecorder.Finish(_options, studyId, "test"));
        var cut = _ctx.Render<Study>(p => p.Add(s => s.StudyId, studyId));
        cut.WaitForAssertion(() => Assert.Contains($"run #{failed} MLP-VAE (Audio) (seed 1) failed: the VAE diverged", cut.Find("[data-testid=study-error]").TextContent));
        Assert.Contains("failed", cut.Find(".run-state").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=study-table]"));
    }

    [Fact]
    public void AnUnknownStudySaysSo()
    {
        var cut = _ctx.Render<Study>(p => p.Add(s => s.StudyId, 999));
        cut.WaitForAssertion(() => Assert.Contains("There is no study #999", cut.Find("[data-testid=study-missing]").TextContent));
    }
}
