using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Reports;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Training.Tests.Pipeline;

/// <summary>The straight run on a small demo corpus, with a broken file mixed in: rows, events and storage.</summary>
public sealed class RunPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Recording : IRunObserver
    {
        public List<string> Lines { get; } = [];
        public List<EpochReport> Epochs { get; } = [];
        public List<MetricsRow> Rows { get; } = [];
        public void Log(string stage, string message) => Lines.Add($"[{stage}] {message}");
        public void Epoch(EpochReport report) => Epochs.Add(report);
        public void Metrics(MetricsRow row) => Rows.Add(row);
    }

    [Fact]
    public void RunsFromAudioToMetricsSkippingUnreadableFilesAndStoresTheRun()
    {
        var corpus = Path.Combine(_dir, "corpus");
        DemoCorpus.Generate(corpus, new DemoCorpusOptions(TracksPerGenre: 2, Seed: 5, TrackSeconds: 20));
        var firstGenre = Directory.GetDirectories(Path.Combine(corpus, "genres")).Order().First();
        var broken = Path.Combine(firstGenre, "broken.00099.wav");
        File.WriteAllBytes(broken, "RIFF\x10\0\0\0WAVEjunk"u8.ToArray());

        var config = Presets.MlpVaeAudioConfig("demo", seed: 1) with { Vae = new VaeSettings { LatentDim = 4, Hidden = [32], Epochs = 4, BatchSize = 8 } };
        var observer = new Recording();
        var dbPath = Path.Combine(_dir, "runs.db");
        Database.MigrateAsync(dbPath).GetAwaiter().GetResult();
        var options = Database.Options(dbPath);
        var recorder = RunRecorder.Create(options, config, DemoCorpus.DatasetName, corpus);

        var result = RunPipeline.Execute(config, corpus, DemoCorpus.DatasetName, new CompositeObserver(observer, recorder), CancellationToken.None);
        recorder.Complete(result);

        // 20 tracks of 20 s -> three 10-s views each (the preset asks for at least three); the broken file is listed
        // with a reason, not fatal.
        Assert.Equal(60, result.Features.Clips.Count);
        var skipped = Assert.Single(result.Features.Skipped);
        Assert.Equal(broken, skipped.Path);
        Assert.Contains(observer.Lines, l => l.Contains("broken.00099.wav"));

        Assert.Equal([RunPipeline.RawMfccMethod, RunPipeline.RawMfccMeanStdMethod, RunPipeline.RawMelStatsMethod, RunPipeline.RawGtzan57Method, RunPipeline.LatentMethod],
            result.Rows.Select(r => r.Method));
        Assert.Equal(result.Rows, observer.Rows.Select((r, i) => i == 4 ? r with { Seconds = result.Rows[4].Seconds } : r));
        Assert.All(result.Rows, r => { Assert.Equal("tracks", r.Unit); Assert.Equal(20, r.Units); });
        Assert.All(result.Rows, r =>
        {
            Assert.Equal(10, r.K);
            foreach (var v in new[] { r.Silhouette, r.DaviesBouldin, r.CalinskiHarabasz, r.Ari!.Value, r.Nmi!.Value, r.Purity!.Value })
                Assert.True(double.IsFinite(v));
            Assert.InRange(r.Nmi!.Value, 0, 1);
            Assert.InRange(r.Purity!.Value, 0.1, 1);
        });
        Assert.Equal(4, observer.Epochs.Count);

        using var db = new MusicDbContext(options);
        var run = db.Runs.Include(r => r.Epochs).Include(r => r.Metrics).Single();
        Assert.Equal(RunState.Completed, run.State);
        Assert.Equal(4, run.Epochs.Count);
        Assert.Equal(5, run.Metrics.Count);
        Assert.All(run.Metrics, m => Assert.Equal("tracks", m.Row.Unit));
        Assert.Equal(60, run.Clips);
        Assert.Contains("broken.00099.wav", run.SkippedFilesJson);
        Assert.Equal(config.ToJson(), RunConfig.FromJson(run.ConfigJson).ToJson());
        Assert.Equal(5 * 60, db.Assignments.Count(a => a.RunId == run.Id));
        Assert.Equal(21, db.Tracks.Count());
        Assert.NotNull(db.Tracks.Single(t => t.RelativePath.EndsWith("broken.00099.wav")).Error);
        Assert.True(db.Tracks.Count(t => t.SidecarLyrics != null) > 0, "vocal demo genres carry lyric sidecars");
    }

    [Fact]
    public void AMissingOrEmptyDatasetGivesAClearMessage()
    {
        var config = Presets.MlpVaeAudioConfig("demo", 0);
        var missing = Path.Combine(_dir, "nope");
        var e1 = Assert.Throws<MusicDashboard.Core.Datasets.DatasetException>(() => RunPipeline.Execute(config, missing, "x", new Recording(), CancellationToken.None));
        Assert.Contains("does not exist", e1.Message);

        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        File.WriteAllText(Path.Combine(empty, "notes.txt"), "not audio");
        var e2 = Assert.Throws<MusicDashboard.Core.Datasets.DatasetException>(() => RunPipeline.Execute(config, empty, "x", new Recording(), CancellationToken.None));
        Assert.Contains("no audio files", e2.Message);

        var onlyBroken = Directory.CreateDirectory(Path.Combine(_dir, "broken")).FullName;
        File.WriteAllText(Path.Combine(onlyBroken, "a.wav"), "this is not a wav");
        var e3 = Assert.Throws<MusicDashboard.Core.Datasets.DatasetException>(() => RunPipeline.Execute(config, onlyBroken, "x", new Recording(), CancellationToken.None));
        Assert.Contains("a.wav", e3.Message);
    }
}
