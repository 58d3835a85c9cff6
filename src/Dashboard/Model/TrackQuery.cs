using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// The Tracks page's queries, built in the database (SQLite) so that paging, counting and filtering stay server-side at any
/// collection size; one context per query. A track matches a cluster filter when any of its clips fell in one of the clusters.
/// </summary>
public sealed class TrackQuery(IDbContextFactory<MusicDbContext> dbFactory, ITranscriptLookup transcripts)
{
    /// <summary>Where a track's file is: its collection's root and its path inside it; null when there is no such track.</summary>
    public async Task<(string DatasetRoot, string RelativePath)?> FileAsync(int trackId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var track = await db.Tracks.AsNoTracking().Where(t => t.Id == trackId).Select(t => new { t.DatasetRoot, t.RelativePath }).FirstOrDefaultAsync(ct);
        return track is null ? null : (track.DatasetRoot, track.RelativePath);
    }

    /// <summary>Runs with stored clusters, newest first: only they can filter tracks.</summary>
    public async Task<IReadOnlyList<ClusteredRun>> ClusteredRunsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => db.Assignments.Any(a => a.RunId == r.Id))
            .OrderByDescending(r => r.Id).Select(r => new ClusteredRun(r.Id, r.Name, r.DatasetRoot)).ToListAsync(ct);
    }

    /// <summary>The methods a run stored clusters for.</summary>
    public async Task<IReadOnlyList<string>> MethodsAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Assignments.AsNoTracking().Where(a => a.RunId == runId).Select(a => a.Method).Distinct().ToListAsync(ct);
    }

    /// <summary>The method a run's clusters are shown for by default: the model's (latent) row, else the last one.</summary>
    public async Task<string?> DefaultMethodAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.MetricRows.AsNoTracking().Where(m => m.RunId == runId).OrderBy(m => m.Order).ThenBy(m => m.Id)
            .Select(m => new { m.Row.Method, m.Row.Input }).ToListAsync(ct);
        return rows.FirstOrDefault(r => r.Input == "Latent")?.Method ?? rows.LastOrDefault()?.Method; // the run's own clustering of its model
    }

    /// <summary>Tracks per cluster of one run's method, by cluster.</summary>
    public async Task<IReadOnlyList<ClusterCount>> ClustersAsync(int runId, string method, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Assignments.AsNoTracking().Where(a => a.RunId == runId && a.Method == method)
            .GroupBy(a => a.Cluster).Select(g => new { Cluster = g.Key, Tracks = g.Select(a => a.TrackId).Distinct().Count() }).ToListAsync(ct);
        return counts.OrderBy(c => c.Cluster).Select(c => new ClusterCount(c.Cluster, c.Tracks)).ToList();
    }

    /// <summary>The genres of a collection with their track counts, its unreadable files and usable audio.</summary>
    public async Task<CollectionGenres> GenresAsync(string datasetRoot, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tracks = Apply(db, new TrackFilter { DatasetRoot = datasetRoot }, transcripts);
        var counts = await tracks.GroupBy(t => t.Genre).Select(g => new { Genre = g.Key, Count = g.Count() }).ToListAsync(ct);
        var unreadable = await tracks.CountAsync(t => t.Error != null, ct);
        var seconds = await tracks.Where(t => t.Error == null).SumAsync(t => t.DurationSeconds, ct);
        return new CollectionGenres(counts.Select(c => (c.Genre, c.Count)).ToList(), unreadable, seconds);
    }

    /// <summary>One page of the filtered, sorted tracks with their clusters and transcripts, and how many match in all.</summary>
    public async Task<(IReadOnlyList<TrackRow> Rows, int Total)> PageAsync(TrackPageRequest request, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Apply(db, request.Filter, transcripts);
        var total = await query.CountAsync(ct);
        var descending = request.Descending;
        query = request.SortLabel switch
        {
            "file" => descending ? query.OrderByDescending(t => t.RelativePath) : query.OrderBy(t => t.RelativePath),
            "duration" => descending ? query.OrderByDescending(t => t.DurationSeconds).ThenBy(t => t.RelativePath) : query.OrderBy(t => t.DurationSeconds).ThenBy(t => t.RelativePath),
            _ => descending ? query.OrderByDescending(t => t.Genre).ThenBy(t => t.RelativePath) : query.OrderBy(t => t.Genre).ThenBy(t => t.RelativePath),
        };
        var page = await query
            .Skip(request.Page * request.PageSize).Take(request.PageSize)
            .Select(t => new { t.Id, t.Genre, t.RelativePath, t.DurationSeconds, t.Error })
            .ToListAsync(ct);
        var ids = page.Select(t => t.Id).ToList();
        var texts = await transcripts.ForTracksAsync(db, ids, ct);
        var clusters = request.Filter is { RunId: { } run, Method: { } method } ? await ClustersOfTracksAsync(db, run, method, ids, ct) : null;
        var rows = page.Select(t => new TrackRow(t.Id, t.Genre, t.RelativePath, t.DurationSeconds, t.Error,
            clusters?.GetValueOrDefault(t.Id), texts.GetValueOrDefault(t.Id) ?? new Transcript(null, SidecarTranscriptLookup.NoneSource))).ToList();
        return (rows, total);
    }

    /// <summary>The filter as one SQL query over the tracks.</summary>
    private static IQueryable<TrackEntity> Apply(MusicDbContext db, TrackFilter f, ITranscriptLookup transcripts)
    {
        var root = f.DatasetRoot.TrimEnd(Path.DirectorySeparatorChar);
        var rootWithSlash = root + Path.DirectorySeparatorChar;
        var query = db.Tracks.AsNoTracking().Where(t => t.DatasetRoot == root || t.DatasetRoot == rootWithSlash);

        if (f.TrackId is { } id) query = query.Where(t => t.Id == id);
        if (f.RunId is { } run && f.Method is { } method)
        {
            var clusters = f.Clusters.ToList();
            query = clusters.Count == 0
                ? query.Where(t => db.Assignments.Any(a => a.RunId == run && a.Method == method && a.TrackId == t.Id))
                : query.Where(t => db.Assignments.Any(a => a.RunId == run && a.Method == method && a.TrackId == t.Id && clusters.Contains(a.Cluster)));
        }
        if (f.Genres.Count > 0)
        {
            var genres = f.Genres.Where(k => k != TrackFilter.NoGenreKey).ToList();
            var withoutGenre = f.Genres.Contains(TrackFilter.NoGenreKey);
            query = query.Where(t => (t.Genre != null && genres.Contains(t.Genre)) || (withoutGenre && t.Genre == null));
        }
        if (!string.IsNullOrWhiteSpace(f.FileText))
        {
            var pattern = Like.Contains(f.FileText);
            query = query.Where(Like.For<TrackEntity>(db, t => Like.Matches(t.RelativePath, pattern)));
        }
        if (!string.IsNullOrWhiteSpace(f.TranscriptText))
            query = query.Where(transcripts.TranscriptContains(db, f.TranscriptText));
        return query;
    }

    /// <summary>Clusters of each listed track's clips for one run and method, in clip order.</summary>
    private static async Task<Dictionary<int, int[]>> ClustersOfTracksAsync(MusicDbContext db, int runId, string method, IReadOnlyCollection<int> trackIds, CancellationToken ct)
    {
        var ids = trackIds.ToList();
        var rows = await db.Assignments.AsNoTracking().Where(a => a.RunId == runId && a.Method == method && ids.Contains(a.TrackId))
            .OrderBy(a => a.TrackId).ThenBy(a => a.ClipIndex).Select(a => new { a.TrackId, a.Cluster }).ToListAsync(ct);
        return rows.GroupBy(r => r.TrackId).ToDictionary(g => g.Key, g => g.Select(r => r.Cluster).ToArray());
    }
}
