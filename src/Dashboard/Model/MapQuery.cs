using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Projections.Methods;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// The Map page's data: a run's tracks as points of a 2-D projection of their stored latent means (any registered
/// projection, computed once per run and projection, kept in memory and on disk under the data folder), and the nearest
/// neighbours of a track in the latent space. Runs stored before latents were kept fall back to their own stored
/// projection, and have no neighbours.
/// </summary>
public sealed class MapQuery(IDbContextFactory<MusicDbContext> dbFactory, ITranscriptLookup transcripts, TrackQuery tracks, AppPaths paths)
{
    /// <summary>Seed of every map projection: the same run and projection always give the same picture.</summary>
    public const int ProjectionSeed = 0;
    /// <summary>Neighbours listed by "sounds like".</summary>
    public const int DefaultNeighbours = 10;
    private const int SnippetLength = 100;

    private readonly ConcurrentDictionary<int, Task<RunLatents>> _latents = new();
    private readonly ConcurrentDictionary<(int Run, string Projection), Lazy<Task<double[][]>>> _projections = new();

    /// <summary>A run's latent means, one per track, in track-id order.</summary>
    private sealed record RunLatents(int[] TrackIds, float[][] Vectors, Dictionary<int, int> IndexOf, long Stamp);

    /// <summary>Runs with stored assignments, newest first, and whether each kept its latent means.</summary>
    public async Task<IReadOnlyList<MapRun>> RunsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => db.Assignments.Any(a => a.RunId == r.Id)).OrderByDescending(r => r.Id)
            .Select(r => new MapRun(r.Id, r.Name, r.DatasetRoot, db.Latents.Any(l => l.RunId == r.Id))).ToListAsync(ct);
    }

    /// <summary>The projection the map opens with: UMAP when it is registered, else PCA (instant at any size).</summary>
    public static string DefaultProjection => ProjectionMethods.TryGet("umap", out var umap) ? umap.Id : PcaProjection.MethodId;

    /// <summary>Every track of the run once, placed by <paramref name="projection"/> and coloured by <paramref name="method"/>'s
    /// clusters (the run's default method when null or unknown); null when the run has no stored assignments.</summary>
    public async Task<MapData?> PointsAsync(int runId, string? projection, string? method, CancellationToken ct = default)
    {
        var methods = await tracks.MethodsAsync(runId, ct);
        if (methods.Count == 0) return null;
        method = method is not null && methods.Contains(method) ? method : await tracks.DefaultMethodAsync(runId, ct) ?? methods[0];
        var chosen = ProjectionMethods.TryGet(projection, out var p) ? p : ProjectionMethods.Get(DefaultProjection);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var clips = await db.Assignments.AsNoTracking().Where(a => a.RunId == runId && a.Method == method)
            .Select(a => new { a.TrackId, a.Cluster, a.X, a.Y }).ToListAsync(ct);
        var byTrack = clips.GroupBy(c => c.TrackId).ToDictionary(g => g.Key, g => new
        {
            // A track scored on its clips may have clips in several clusters: it shows the one most of them fell in.
            Cluster = g.GroupBy(c => c.Cluster).OrderByDescending(c => c.Count()).ThenBy(c => c.Key).First().Key,
            X = g.Average(c => c.X),
            Y = g.Average(c => c.Y),
        });
        var facts = await db.Tracks.AsNoTracking().Where(t => db.Assignments.Any(a => a.RunId == runId && a.Method == method && a.TrackId == t.Id))
            .Select(t => new { t.Id, t.RelativePath, t.Genre }).ToListAsync(ct);
        var ids = facts.Select(f => f.Id).ToList();
        var texts = await transcripts.ForTracksAsync(db, ids, ct);

        var latents = await LatentsAsync(runId, ct);
        double[][]? xy = null;
        double seconds = 0;
        if (latents is not null)
        {
            var clock = Stopwatch.StartNew();
            xy = await ProjectAsync(runId, chosen, latents, ct);
            seconds = clock.Elapsed.TotalSeconds;
        }
        var points = facts.Select(f =>
        {
            var at = byTrack[f.Id];
            var (x, y) = xy is not null && latents!.IndexOf.TryGetValue(f.Id, out var i) ? (xy[i][0], xy[i][1]) : (at.X, at.Y);
            return new MapPoint(f.Id, f.RelativePath, Title(f.RelativePath), f.Genre, at.Cluster, x, y, Snippet(texts.GetValueOrDefault(f.Id)?.Text));
        }).OrderBy(pt => pt.TrackId).ToList();
        var note = latents is null
            ? "This run was stored before latent means were kept: the map shows the run's own stored projection of the method, and \"sounds like\" is not available. A new run gives every projection."
            : null;
        return new MapData(runId, latents is null ? "stored" : chosen.Id, latents is null ? "stored projection" : chosen.Label, method, methods,
            latents is not null, note, points, seconds);
    }

    /// <summary>The <paramref name="k"/> tracks nearest to <paramref name="trackId"/> by the euclidean distance between
    /// their latent means in the run, nearest first, with their cluster of <paramref name="method"/> when given; null when
    /// the run kept no latent means or the track is not in it.</summary>
    public async Task<IReadOnlyList<Neighbour>?> NeighboursAsync(int runId, int trackId, string? method = null, int k = DefaultNeighbours, CancellationToken ct = default)
    {
        var latents = await LatentsAsync(runId, ct);
        if (latents is null || !latents.IndexOf.TryGetValue(trackId, out var index)) return null;
        var nearest = NeighbourSearch.Nearest(latents.Vectors, index, k);
        var ids = nearest.Select(n => latents.TrackIds[n.Index]).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await db.Tracks.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.RelativePath, t.Genre }).ToDictionaryAsync(t => t.Id, ct);
        var clusters = method is null ? [] : (await db.Assignments.AsNoTracking().Where(a => a.RunId == runId && a.Method == method && ids.Contains(a.TrackId))
            .Select(a => new { a.TrackId, a.Cluster }).ToListAsync(ct))
            .GroupBy(a => a.TrackId).ToDictionary(g => g.Key, g => g.GroupBy(a => a.Cluster).OrderByDescending(c => c.Count()).ThenBy(c => c.Key).First().Key);
        return nearest.Select(n =>
        {
            var id = latents.TrackIds[n.Index];
            var f = facts[id];
            return new Neighbour(id, f.RelativePath, Title(f.RelativePath), f.Genre, clusters.TryGetValue(id, out var c) ? c : null, n.Distance);
        }).ToList();
    }

    /// <summary>Whether the run kept its latent means (only those runs have neighbours).</summary>
    public async Task<bool> HasLatentsAsync(int runId, CancellationToken ct = default) => await LatentsAsync(runId, ct) is not null;

    /// <summary>The run's latents, read once (a run's latents are written once, at its end: absence is not cached).</summary>
    private async Task<RunLatents?> LatentsAsync(int runId, CancellationToken ct)
    {
        if (_latents.TryGetValue(runId, out var cached)) return await cached;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Latents.AsNoTracking().Where(l => l.RunId == runId).OrderBy(l => l.TrackId).Select(l => new { l.TrackId, l.Vector }).ToListAsync(ct);
        if (rows.Count == 0) return null;
        // The disk cache is named by the run's creation time too: a run id SQLite reuses after a delete never finds old points.
        var created = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.CreatedAt).FirstOrDefaultAsync(ct);
        var ids = rows.Select(r => r.TrackId).ToArray();
        var latents = new RunLatents(ids, rows.Select(r => LatentEntity.Unpack(r.Vector)).ToArray(), ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i), created.Ticks);
        return await _latents.GetOrAdd(runId, Task.FromResult(latents));
    }

    /// <summary>The projection of a run's latents, computed once: from memory, else from the disk cache, else now.</summary>
    private Task<double[][]> ProjectAsync(int runId, IProjectionMethod method, RunLatents latents, CancellationToken ct)
    {
        var lazy = _projections.GetOrAdd((runId, method.Id), key => new Lazy<Task<double[][]>>(() => Task.Run(() =>
        {
            var file = Path.Combine(paths.DataFolder, "map-cache", $"run-{key.Run}-{latents.Stamp}-{key.Projection}.json");
            if (File.Exists(file) && JsonSerializer.Deserialize<double[][]>(File.ReadAllText(file)) is { } stored && stored.Length == latents.Vectors.Length)
                return stored;
            var x = latents.Vectors.Select(v => v.Select(f => (double)f).ToArray()).ToArray();
            var (points, _) = method.Project(x, ProjectionSeed, CancellationToken.None);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, JsonSerializer.Serialize(points));
            return points;
        })));
        var task = lazy.Value;
        // A failed projection is not kept: the next request tries again.
        _ = task.ContinueWith(_ => _projections.TryRemove(new KeyValuePair<(int, string), Lazy<Task<double[][]>>>((runId, method.Id), lazy)),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return task.WaitAsync(ct);
    }

    /// <summary>A track's title on the map: its file name without folder and extension.</summary>
    public static string Title(string relativePath) => Path.GetFileNameWithoutExtension(relativePath.Replace('\\', '/').Split('/')[^1]);

    private static string? Snippet(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var oneLine = string.Join(' ', text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= SnippetLength ? oneLine : oneLine[..SnippetLength] + "…";
    }
}
