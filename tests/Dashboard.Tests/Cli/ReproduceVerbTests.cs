using System.Text.Json;
using Microsoft.Data.Sqlite;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Cli;
using MusicDashboard.Dashboard.Hosting;

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

    [Fact]
    public async Task WritesTable2WithBothRowsAndStoresTheRun()
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), JsonSerializer.Serialize(new
        {
            MusicDashboard = new { DataFolder = "data", Database = "data/runs.db", DatasetPath = "", Demo = new { TracksPerGenre = 1, Seed = 3 } },
        }));
        Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, _dir);
        var outDir = Path.Combine(_dir, "out");

        Assert.Equal(0, await Verbs.RunAsync(["reproduce", "--dataset", "demo", "--out", outDir, "--epochs", "3", "--seed", "1"]));

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "table2.json")));
        Assert.Equal("synthetic demo", json.RootElement.GetProperty("dataset").GetString());
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["Raw MFCC + KMeans", "MLP-VAE (Audio) + KMeans"], rows.Select(r => r.GetProperty("method").GetString()));
        foreach (var row in rows)
            foreach (var key in new[] { "silhouette", "db", "ch", "ari", "nmi", "purity", "seconds" })
                Assert.True(double.IsFinite(row.GetProperty(key).GetDouble()), key);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(outDir, "table2.csv")).Length - 1);
        Assert.Contains("| MLP-VAE (Audio) + KMeans |", File.ReadAllText(Path.Combine(outDir, "table2.md")));

        await using var db = new MusicDbContext(Database.Options(Path.Combine(_dir, "data", "runs.db")));
        var run = db.Runs.Single();
        Assert.Equal(RunState.Completed, run.State);
        Assert.Equal(30, run.Clips); // 10 tracks x three 10-s clips
        Assert.Equal(3, db.Epochs.Count(e => e.RunId == run.Id));
        Assert.Equal(2, db.MetricRows.Count(m => m.RunId == run.Id));
    }
}
