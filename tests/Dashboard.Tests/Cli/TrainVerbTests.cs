using System.Text.Json;
using Microsoft.Data.Sqlite;
using MusicDashboard.Dashboard.Cli;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Dashboard.Tests.Cli;

/// <summary>`train` end to end on a one-track-per-genre demo corpus, and `bench train` at toy sizes.</summary>
// Shares process-wide state (MUSICDASH_CONFIG_DIR with ReproduceVerbTests, Console.Out with BenchVerbTests): one collection.
[Collection("config folder")]
public sealed class TrainVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-train-").FullName;

    public TrainVerbTests()
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), JsonSerializer.Serialize(new
        {
            MusicDashboard = new { DataFolder = "data", Database = "data/runs.db", DatasetPath = "", Demo = new { TracksPerGenre = 2, Seed = 3 } },
        }));
        Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, _dir);
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, null);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task WritesLatentMeansPerClipEpochsAndACheckpointAndResumes()
    {
        var outDir = Path.Combine(_dir, "out");
        Assert.Equal(0, await Verbs.RunAsync(["train", "--preset", "mlp-vae-audio", "--dataset", "demo", "--epochs", "3", "--seed", "2", "--out", outDir]));

        var latent = File.ReadAllLines(Path.Combine(outDir, "latent.csv"));
        Assert.Equal("track,clip,offset_seconds,genre," + string.Join(",", Enumerable.Range(0, 16).Select(i => $"z{i}")), latent[0]);
        Assert.Equal(61, latent.Length); // 20 tracks x three 10-s clips (rows are scored on the 20 tracks: more than K = 10)
        Assert.StartsWith("genres/", latent[1]);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(outDir, "epochs.csv")).Length);
        Assert.Equal(3, Checkpoint.Read(Path.Combine(outDir, "checkpoint")).Epoch);
        Assert.True(File.Exists(Path.Combine(outDir, "table2.json")));

        // The same run continued to 5 epochs from its checkpoint equals a fresh 5-epoch run.
        var resumed = Path.Combine(_dir, "resumed");
        var fresh = Path.Combine(_dir, "fresh");
        Assert.Equal(0, await Verbs.RunAsync(["train", "--config", Path.Combine(outDir, "config.json"), "--dataset", "demo", "--epochs", "5", "--out", resumed, "--resume", Path.Combine(outDir, "checkpoint")]));
        Assert.Equal(0, await Verbs.RunAsync(["train", "--preset", "mlp-vae-audio", "--dataset", "demo", "--epochs", "5", "--seed", "2", "--out", fresh]));
        Assert.Equal(File.ReadAllLines(Path.Combine(fresh, "latent.csv")), File.ReadAllLines(Path.Combine(resumed, "latent.csv")));
    }

    [Fact]
    public async Task UnknownPresetIsAUsageError()
    {
        Assert.Equal(2, await Verbs.RunAsync(["train", "--preset", "nope", "--dataset", "demo", "--out", Path.Combine(_dir, "x")]));
    }

    [Fact]
    public async Task BenchTrainPrintsEveryConfigurationAndTheMemoryCheck()
    {
        var threads = MusicDashboard.Core.Runtime.TorchRuntime.Threads;
        var output = new StringWriter();
        var errors = new StringWriter();
        var original = Console.Out;
        var originalError = Console.Error;
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            // At the thread count in force: the count is process-wide and other tests run beside this one.
            Assert.Equal(0, await Verbs.RunAsync(["bench", "train", "--clips", "64", "--conv-clips", "8", "--epochs", "2", "--memory-runs", "2", "--no-peer",
                "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            Assert.Equal(2, await Verbs.RunAsync(["bench", "train", "--threads", "0", "--no-peer"]));
        }
        finally
        {
            Console.SetOut(original);
            Console.SetError(originalError);
        }
        var lines = output.ToString().Split('\n');
        foreach (var preset in new[] { "mlp-vae-audio", "mlp-vae-lyrics", "conv-vae-melspec", "cvae-fusion" })
            Assert.Contains(lines, l => l.StartsWith($"[bench] {preset}") && l.Contains($"{threads}t ") && l.Contains($"ms/epoch (best {threads}t)") && l.Contains("peak RSS")
                && l.Contains("PyTorch: not measured"));
        Assert.Contains(lines, l => l.StartsWith("[bench] train:") && l.Contains("OMP_WAIT_POLICY") && l.Contains("load average") && l.Contains("peer: none (--no-peer)"));
        Assert.Contains("bad thread count '0'", errors.ToString());
        Assert.Equal(2, lines.Count(l => l.StartsWith("[bench] projected full Conv-VAE run")));
        Assert.Contains(lines, l => l.StartsWith("[bench] memory: 2 trainings in a row"));
    }
}
