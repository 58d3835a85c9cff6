using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// A synthetic completed run of any size, written straight into a database, for measuring the map at 10 000 points
/// (the browser tests and <c>bench dashboard</c>): tracks under a collection root of its own (no files; the Tracks page
/// of the real collection never lists them), 16-d latent means drawn around ten centres, one method's clusters (the
/// centre) and genres. Not reachable from the product's pages or API.
/// </summary>
public static class MapSyntheticRun
{
    public const string DatasetName = "synthetic map bench";
    public const string Method = "Synthetic latents + KMeans";
    private const int Dims = 16;
    private const int Centres = 10;

    /// <summary>Stores the run and returns its id.</summary>
    public static async Task<int> SeedAsync(DbContextOptions<MusicDbContext> options, int points, int seed = 1, CancellationToken ct = default)
    {
        var root = Path.Combine(Path.GetTempPath(), $"map-bench-{Guid.NewGuid():N}");
        var random = new Random(seed);
        var centres = Enumerable.Range(0, Centres).Select(_ => Enumerable.Range(0, Dims).Select(_ => random.NextDouble() * 8).ToArray()).ToArray();
        await using var db = new MusicDbContext(options);
        var now = DateTime.UtcNow;
        var tracks = Enumerable.Range(0, points).Select(i => new TrackEntity
        {
            Dataset = DatasetName, DatasetRoot = root, RelativePath = $"genre{i % Centres}/track{i:00000}.wav", Genre = $"genre{i % Centres}",
            DurationSeconds = 30, SampleRate = 22050, Channels = 1, ScannedAt = now,
        }).ToList();
        db.Tracks.AddRange(tracks);
        var run = new RunEntity
        {
            Name = $"synthetic {points} points", Preset = "synthetic", Dataset = DatasetName, DatasetRoot = root, ConfigJson = "{}",
            State = RunState.Completed, CreatedAt = now, StartedAt = now, FinishedAt = now, Clips = points, TracksUsed = points,
        };
        db.Runs.Add(run);
        await db.SaveChangesAsync(ct);
        db.MetricRows.Add(new MetricRowEntity { RunId = run.Id, Order = 0, Row = new Core.Metrics.MetricsRow(Method, "Latent", "KMeans", Centres, 0, 0, 0, null, null, null, 0) });
        for (var i = 0; i < points; i++)
        {
            var c = i % Centres;
            var v = centres[c].Select(x => (float)(x + random.NextDouble() * 2 - 1)).ToArray();
            db.Latents.Add(new LatentEntity { RunId = run.Id, TrackId = tracks[i].Id, Dimensions = Dims, Vector = LatentEntity.Pack(v) });
            db.Assignments.Add(new AssignmentEntity { RunId = run.Id, Method = Method, TrackId = tracks[i].Id, Cluster = c, X = v[0], Y = v[1] });
        }
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.SaveChangesAsync(ct);
        return run.Id;
    }
}
