using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Tests.Model;

/// <summary>The map's data on real SQLite and PostgreSQL databases: stored latents, their projection, nearest neighbours against a
/// brute-force reference, and the fallback of runs stored without latents.</summary>
public abstract class MapQueryTests(TestDatabase database) : DatabaseTest(database)
{
    public sealed class Sqlite() : MapQueryTests(new SqliteTestDatabase());

    [Collection(PostgresCollection.Name)]
    public sealed class Postgres(PostgresServer server) : MapQueryTests(new PostgresTestDatabase(server));

    private const string Root = "/music/demo";
    private const string Method = "MLP-VAE (Audio) + KMeans";
    private const int Tracks = 300;
    private const int Dims = 16;
    private readonly string _folder = Directory.CreateTempSubdirectory("mapquery-").FullName; // the map's cache
    private DbContextOptions<MusicDbContext> _options = default!;
    private int _runId, _oldRunId;
    private int[] _trackIds = [];
    private float[][] _vectors = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _options = Options;
        await using var db = new MusicDbContext(_options);
        var genres = new[] { "pop", "rock", "jazz" };
        var tracks = Enumerable.Range(0, Tracks).Select(i => new TrackEntity
        {
            Dataset = "demo", DatasetRoot = Root, RelativePath = $"genres/{genres[i % 3]}/{genres[i % 3]}.{i:00000}.wav", Genre = genres[i % 3], DurationSeconds = 30,
            SidecarLyrics = i == 0 ? "first line of the song\nsecond line" : null,
        }).ToList();
        db.Tracks.AddRange(tracks);
        var run = new RunEntity { Name = "with latents", Preset = "p", Dataset = "demo", DatasetRoot = Root, ConfigJson = "{}", State = RunState.Completed };
        var old = new RunEntity { Name = "older", Preset = "p", Dataset = "demo", DatasetRoot = Root, ConfigJson = "{}", State = RunState.Completed };
        db.Runs.AddRange(run, old);
        await db.SaveChangesAsync();
        (_runId, _oldRunId) = (run.Id, old.Id);
        _trackIds = tracks.Select(t => t.Id).ToArray();
        var random = new Random(11);
        // Three blobs, one per genre, so the projection has structure; two clips per track.
        _vectors = Enumerable.Range(0, Tracks).Select(i => Enumerable.Range(0, Dims).Select(j => (float)(random.NextDouble() + (j == i % 3 ? 4 : 0))).ToArray()).ToArray();
        for (var i = 0; i < Tracks; i++)
        {
            db.Latents.Add(new LatentEntity { RunId = run.Id, TrackId = _trackIds[i], Dimensions = Dims, Vector = LatentEntity.Pack(_vectors[i]) });
            for (var clip = 0; clip < 2; clip++)
            {
                db.Assignments.Add(new AssignmentEntity { RunId = run.Id, Method = Method, TrackId = _trackIds[i], ClipIndex = clip, Cluster = i % 3, X = -1, Y = -1 });
                db.Assignments.Add(new AssignmentEntity { RunId = old.Id, Method = Method, TrackId = _trackIds[i], ClipIndex = clip, Cluster = i % 2, X = i + clip, Y = 2 * i });
            }
        }
        db.MetricRows.Add(new MetricRowEntity { RunId = run.Id, Order = 0, Row = new MusicDashboard.Core.Metrics.MetricsRow(Method, "Latent", "KMeans", 3, 0, 0, 0, null, null, null, 0) });
        await db.SaveChangesAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private MapQuery Query()
    {
        var factory = new PooledDbContextFactory<MusicDbContext>(_options);
        var transcripts = new StoredTranscriptLookup();
        var paths = new AppPaths(new MusicDashboardOptions { DataFolder = Path.Combine(_folder, "data") }, _folder);
        return new MapQuery(factory, transcripts, new TrackQuery(factory, transcripts), paths);
    }

    /// <summary>The reference: every distance as numpy would compute it (float64 of the float32 values), sorted.</summary>
    private static List<(int Index, double Distance)> BruteForce(float[][] x, int query, int k) =>
        Enumerable.Range(0, x.Length).Where(i => i != query)
            .Select(i => (Index: i, Distance: Math.Sqrt(x[i].Zip(x[query], (a, b) => ((double)a - b) * ((double)a - b)).Sum())))
            .OrderBy(p => p.Distance).ThenBy(p => p.Index).Take(k).ToList();

    [Fact]
    public void NeighbourSearchMatchesTheBruteForceReference()
    {
        foreach (var q in new[] { 0, 1, 150, Tracks - 1 })
        {
            var expected = BruteForce(_vectors, q, 10);
            var actual = NeighbourSearch.Nearest(_vectors, q, 10);
            Assert.Equal(expected.Select(e => e.Index), actual.Select(a => a.Index));
            for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Distance, actual[i].Distance, 9);
        }
        Assert.Equal(Tracks - 1, NeighbourSearch.Nearest(_vectors, 5, 10_000).Count);
    }

    [Fact]
    public async Task NeighboursOfATrackAreItsNearestLatentMeansWithTheirClusters()
    {
        var query = Query();
        var neighbours = await query.NeighboursAsync(_runId, _trackIds[7], Method);
        Assert.NotNull(neighbours);
        var expected = BruteForce(_vectors, 7, MapQuery.DefaultNeighbours);
        Assert.Equal(expected.Select(e => _trackIds[e.Index]), neighbours!.Select(n => n.TrackId));
        Assert.Equal(expected[0].Distance, neighbours[0].Distance, 6);
        Assert.All(neighbours, n => Assert.Equal(Array.IndexOf(_trackIds, n.TrackId) % 3, n.Cluster));
        // Blobs by genre: a track's neighbours share its genre.
        Assert.All(neighbours, n => Assert.Equal("genres/" + n.Genre, n.File[..(n.File.LastIndexOf('/'))]));
        Assert.Null(await query.NeighboursAsync(_oldRunId, _trackIds[7], Method));
    }

    [Fact]
    public async Task PointsAreOnePerTrackFromTheLatentsAndTheProjectionIsCachedOnDisk()
    {
        var query = Query();
        var map = await query.PointsAsync(_runId, "pca", null);
        Assert.NotNull(map);
        Assert.True(map!.FromLatents);
        Assert.Null(map.Note);
        Assert.Equal("pca", map.Projection);
        Assert.Equal(Method, map.Method);
        Assert.Equal(Tracks, map.Points.Count);
        Assert.Equal(_trackIds, map.Points.Select(p => p.TrackId));
        // Projected, not the stored placeholder (-1, -1); first principal component separates the blobs.
        Assert.DoesNotContain(map.Points, p => p.X == -1 && p.Y == -1);
        Assert.Equal(0, map.Points[0].Cluster);
        Assert.Equal("first line of the song second line", map.Points[0].Snippet);
        Assert.Equal($"pop.00000", map.Points[0].Title);
        var cached = Directory.GetFiles(Path.Combine(_folder, "data", "map-cache"));
        Assert.Single(cached);
        // A new query service (a restart) reads the same points from the disk cache.
        var again = await Query().PointsAsync(_runId, "pca", null);
        Assert.Equal(map.Points.Select(p => (p.X, p.Y)), again!.Points.Select(p => (p.X, p.Y)));
        // t-SNE is another projection of the same latents.
        var tsne = await query.PointsAsync(_runId, "tsne", Method);
        Assert.Equal("tsne", tsne!.Projection);
        Assert.NotEqual(map.Points.Select(p => p.X), tsne.Points.Select(p => p.X));
    }

    [Fact]
    public async Task ARunWithoutLatentsFallsBackToItsStoredProjectionAndSaysSo()
    {
        var map = await Query().PointsAsync(_oldRunId, "tsne", null);
        Assert.NotNull(map);
        Assert.False(map!.FromLatents);
        Assert.Equal("stored", map.Projection);
        Assert.Contains("stored before latent means were kept", map.Note);
        // The mean of the track's clips' stored points: (i + 0.5, 2i).
        Assert.Equal(Enumerable.Range(0, Tracks).Select(i => (i + 0.5, 2.0 * i)), map.Points.Select(p => (p.X, p.Y)));
        Assert.Null(await Query().PointsAsync(999, "pca", null));
    }

    [Fact]
    public void TrackLatentsAreTheMeanOfEachTracksClips()
    {
        float[][] clips = [[1, 2], [3, 4], [10, 10], [5, 6]];
        var latents = RunRecorder.TrackLatents(clips, [7, 7, 9, 7]).ToList();
        Assert.Equal([7, 9], latents.Select(l => l.TrackId));
        Assert.Equal([3f, 4f], latents[0].Vector);
        Assert.Equal([10f, 10f], latents[1].Vector);
        Assert.Equal([1.5f, -2.25f, 3e-7f], LatentEntity.Unpack(LatentEntity.Pack([1.5f, -2.25f, 3e-7f])));
    }
}
