using System.Text.Json;
using Microsoft.Data.Sqlite;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Cli;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Tests.Cli;

/// <summary>`reproduce --dataset demo` end to end, in process, on a one-track-per-genre demo corpus.</summary>
[Collection("config folder")]
public sealed class ReproduceVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-reproduce-").FullName;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, null);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string UseTinyDemoCorpus()
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), JsonSerializer.Serialize(new
        {
            MusicDashboard = new { DataFolder = "data", Database = "data/runs.db", DatasetPath = "", Demo = new { TracksPerGenre = 2, Seed = 3 } },
        }));
        Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, _dir);
        return Path.Combine(_dir, "out");
    }

    [Fact]
    public async Task OnePresetOneSeedWritesBaselineAndBothLatentClusteringsAndStoresTheRun()
    {
        var outDir = UseTinyDemoCorpus();

        Assert.Equal(0, await Verbs.RunAsync(["reproduce", "--dataset", "demo", "--out", outDir, "--epochs", "3", "--seed", "1", "--preset", "mlp-vae-audio"]));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "table2.json")));
        Assert.Equal("synthetic demo", json.RootElement.GetProperty("dataset").GetString());
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["Raw MFCC + KMeans", "Raw MFCC mean+std + KMeans", "Raw MelSpec stats + KMeans", "Raw GTZAN-57 + KMeans", "MLP-VAE (Audio) + KMeans", "MLP-VAE (Audio) + GMM"],
            rows.Select(r => r.GetProperty("method").GetString()));
        Assert.All(rows, r => Assert.Equal("tracks", r.GetProperty("unit").GetString()));
        foreach (var row in rows)
        {
            foreach (var key in new[] { "silhouette", "db", "ch", "ari", "nmi", "purity", "seconds" })
                Assert.True(double.IsFinite(row.GetProperty(key).GetDouble()), key);
            Assert.Equal(0, row.GetProperty("nmi_std").GetDouble()); // one seed
            Assert.Equal([1], row.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
        }
        Assert.Equal(6, File.ReadAllLines(Path.Combine(outDir, "table2.csv")).Length - 1);
        Assert.Contains("| MLP-VAE (Audio) + KMeans |", File.ReadAllText(Path.Combine(outDir, "table2.md")));

        var options = Database.Options(Path.Combine(_dir, "data", "runs.db"));
        await using var db = new MusicDbContext(options);
        var run = db.Runs.Single();
        Assert.Equal(RunState.Completed, run.State);
        Assert.Equal(60, run.Clips); // 20 tracks x three 10-s clips
        Assert.Equal(3, db.Epochs.Count(e => e.RunId == run.Id));

        // Every row the report has is the run's own, the GMM re-clustering included, each with its assignments.
        var stored = db.MetricRows.Where(m => m.RunId == run.Id).OrderBy(m => m.Order).AsEnumerable().Select(m => m.Row).ToList();
        Assert.Equal(rows.Select(r => r.GetProperty("method").GetString()), stored.Select(r => r.Method));
        foreach (var (expected, row) in rows.Zip(stored))
        {
            Assert.Equal(expected.GetProperty("nmi").GetDouble(), row.Nmi);
            Assert.Equal(expected.GetProperty("silhouette").GetDouble(), row.Silhouette);
            Assert.Equal(expected.GetProperty("seconds").GetDouble(), row.Seconds);
        }
        Assert.Equal(stored.Select(r => r.Method).Order(), db.Assignments.Where(a => a.RunId == run.Id).Select(a => a.Method).Distinct().AsEnumerable().Order());
        Assert.All(stored.Select(r => r.Method), m => Assert.Equal(60, db.Assignments.Count(a => a.RunId == run.Id && a.Method == m)));

        // The study is stored, holds the run, and its table is table2.json.
        var study = db.Studies.Single();
        Assert.Equal(study.Id, run.StudyId);
        Assert.Equal(RunState.Completed, study.State);
        Assert.Equal(outDir, study.OutFolder);
        Assert.Equal(File.ReadAllText(Path.Combine(outDir, "table2.json")), study.Table2Json);
        var query = new StudyQuery(new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<MusicDbContext>(options));
        var table = await query.TableAsync(study.Id);
        Assert.Equal(File.ReadAllText(Path.Combine(outDir, "table2.json")), Core.Reports.Table2Report.ToJson(table!));
        Assert.Equal(File.ReadAllText(Path.Combine(outDir, "table2.md")), Core.Reports.Table2Report.ToMarkdown(table!));
        var detail = await query.GetAsync(study.Id);
        Assert.Equal([run.Id], detail!.Runs.Select(r => r.Id));
        Assert.Equal(1, detail.Runs[0].Seed);

        // Its log is what the console printed: the pipeline's lines, progress and every epoch.
        var log = db.RunLogs.Where(l => l.RunId == run.Id).OrderBy(l => l.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, log.Count), log.Select(l => l.Seq));
        Assert.StartsWith($"#{run.Id} ", log[0].Text);
        Assert.Contains(log, l => l.Stage == "features" && l.Text.Contains("clips of 10 s"));
        Assert.Equal(3, log.Count(l => l.Stage == "train" && l.Text.StartsWith("epoch ")));
        Assert.Contains(log, l => l.Stage == "cluster" && l.Text.StartsWith("MLP-VAE (Audio) + GMM"));
        Assert.Contains(run.Id.ToString(), (await new RunDetailQuery(new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<MusicDbContext>(options))
            .LogAsync(run.Id))[0].Message);
    }

    [Fact]
    public async Task QuickStudyOnTheDemoCorpusGivesEveryRowWithFiniteMeansAndStdsAndFigures()
    {
        var outDir = UseTinyDemoCorpus();

        Assert.Equal(0, await Verbs.RunAsync(["reproduce", "--quick", "--dataset", "demo", "--out", outDir, "--seeds", "0,1"]));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "table2.json")));
        var root = json.RootElement;
        Assert.Equal([0, 1], root.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("version").GetString()));
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(
        [
            "Raw MFCC + KMeans", "Raw MFCC mean+std + KMeans", "Raw MelSpec stats + KMeans", "Raw GTZAN-57 + KMeans", "MLP-VAE (Audio) + KMeans", "MLP-VAE (Audio) + GMM",
            "Raw MFCC+Lyrics + KMeans", "MLP-VAE (Audio+Lyrics) + KMeans", "MLP-VAE (Audio+Lyrics) + GMM",
            "Conv-VAE + KMeans", "Conv-VAE + GMM",
            "Raw MFCC + GMM", "Raw MFCC mean+std + GMM", "Raw MelSpec stats + GMM", "Raw GTZAN-57 + GMM", "Raw MFCC+Lyrics + GMM", "CVAE (Fusion) + GMM", "CVAE (Fusion) + KMeans",
            // Beyond the study: the same four models with the same-track term; the vector models on 2-s views, with the
            // baselines of those views (the image model shares the study's clips and baselines).
            "Raw MFCC mean+std (2-s views) + KMeans", "Raw MelSpec stats (2-s views) + KMeans", "Raw GTZAN-57 (2-s views) + KMeans",
            "MLP-VAE (Audio, track-consistent) + KMeans", "MLP-VAE (Audio, track-consistent) + GMM",
            "Raw MFCC+Lyrics (2-s views) + KMeans",
            "MLP-VAE (Audio+Lyrics, track-consistent) + KMeans", "MLP-VAE (Audio+Lyrics, track-consistent) + GMM",
            "Conv-VAE (track-consistent) + KMeans", "Conv-VAE (track-consistent) + GMM",
            "Raw MFCC mean+std (2-s views) + GMM", "Raw MelSpec stats (2-s views) + GMM", "Raw GTZAN-57 (2-s views) + GMM", "Raw MFCC+Lyrics (2-s views) + GMM",
            "CVAE (Fusion, track-consistent) + GMM", "CVAE (Fusion, track-consistent) + KMeans",
            // Ours: the track-consistent MLP-VAE on MFCC mean+std and GTZAN-57, with the two sets side by side as its raw row.
            "Raw MFCC mean+std & GTZAN-57 (2-s views) + KMeans",
            "MLP-VAE (MFCC+GTZAN-57, track-consistent) + KMeans", "MLP-VAE (MFCC+GTZAN-57, track-consistent) + GMM",
        ], rows.Select(r => r.GetProperty("method").GetString()));
        foreach (var row in rows)
        {
            var method = row.GetProperty("method").GetString();
            foreach (var key in new[] { "silhouette", "db", "ch", "ari", "nmi", "purity", "seconds" })
            {
                Assert.True(double.IsFinite(row.GetProperty(key).GetDouble()), $"{method} {key}");
                var std = row.GetProperty(key + "_std").GetDouble();
                Assert.True(double.IsFinite(std) && std >= 0, $"{method} {key}_std");
            }
            Assert.Equal([0, 1], row.GetProperty("seeds").EnumerateArray().Select(s => s.GetInt32()));
        }
        // Different seeds train different models: the latent rows cannot all agree to the last digit.
        Assert.Contains(rows.Where(r => r.GetProperty("input").GetString() == "Latent"), r => r.GetProperty("silhouette_std").GetDouble() > 0);
        // Every preset at every seed has its stage timings.
        var stages = root.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(18, stages.Count(s => s.GetProperty("stage").GetString() == "run total"));
        Assert.Contains(stages, s => s.GetProperty("stage").GetString() == "train" && s.GetProperty("seconds").GetDouble() > 0);

        // Every latent row is judged against the strongest raw row of the table clustered the same way, and the study's best row.
        var verdicts = root.GetProperty("verdicts").EnumerateArray().ToList();
        Assert.Equal(rows.Where(r => r.GetProperty("input").GetString() == "Latent").Select(r => r.GetProperty("method").GetString()),
            verdicts.Select(v => v.GetProperty("latent").GetString()));
        foreach (var v in verdicts)
        {
            var latent = rows.Single(r => r.GetProperty("method").GetString() == v.GetProperty("latent").GetString());
            var baseline = rows.Single(r => r.GetProperty("method").GetString() == v.GetProperty("baseline").GetString());
            Assert.Equal(latent.GetProperty("nmi").GetDouble(), v.GetProperty("nmi").GetDouble());
            Assert.Equal(baseline.GetProperty("ari").GetDouble(), v.GetProperty("baseline_ari").GetDouble());
            Assert.StartsWith("Raw ", baseline.GetProperty("method").GetString());
            var clustering = latent.GetProperty("clustering").GetString()!.Split(' ')[0];
            var strongest = rows.Where(r => r.GetProperty("input").GetString() != "Latent" && r.GetProperty("clustering").GetString()!.StartsWith(clustering))
                .Max(r => r.GetProperty("nmi").GetDouble());
            Assert.Equal(strongest, v.GetProperty("baseline_nmi").GetDouble());
            Assert.Equal(v.GetProperty("nmi").GetDouble() > v.GetProperty("baseline_nmi").GetDouble() && v.GetProperty("ari").GetDouble() > v.GetProperty("baseline_ari").GetDouble(),
                v.GetProperty("beats_baseline").GetBoolean());
        }

        var csv = File.ReadAllLines(Path.Combine(outDir, "table2.csv"));
        Assert.Equal(rows.Count, csv.Length - 1);
        Assert.Contains("nmi_std", csv[0]);
        var md = File.ReadAllText(Path.Combine(outDir, "table2.md"));
        Assert.Contains("| CVAE (Fusion) + GMM | ", md);
        Assert.Contains(" ± ", md);
        Assert.Contains("The study's own figures", md);
        Assert.Contains("| Latent row | NMI | ARI | Purity | Strongest raw baseline |", md);
        Assert.Contains("| Scored on |", md);

        var figures = root.GetProperty("figures").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Equal(18, figures.Count); // loss curve and latent projection per preset
        foreach (var f in figures)
        {
            var bytes = File.ReadAllBytes(Path.Combine(outDir, f));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(StudyFigures.Width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(StudyFigures.Height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            Assert.Contains($"]({f})", md);
        }

        await using var db = new MusicDbContext(Database.Options(Path.Combine(_dir, "data", "runs.db")));
        Assert.Equal(18, db.Runs.Count(r => r.State == RunState.Completed));
    }

    [Fact]
    public async Task UnknownPresetOrBadSeedIsAUsageError()
    {
        var outDir = UseTinyDemoCorpus();
        Assert.NotEqual(0, await Verbs.RunAsync(["reproduce", "--dataset", "demo", "--out", outDir, "--presets", "mlp-vae-audio,nope"]));
        Assert.NotEqual(0, await Verbs.RunAsync(["reproduce", "--dataset", "demo", "--out", outDir, "--seeds", "0,x"]));
        Assert.False(File.Exists(Path.Combine(outDir, "table2.json")));
    }
}
