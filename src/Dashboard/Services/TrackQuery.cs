using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Services;

/// <summary>What the Tracks page filters by. Empty collections mean "all".</summary>
public sealed record TrackFilter
{
    /// <summary>Stands for "no genre" among <see cref="Genres"/> (tracks of a folder that is not in the GTZAN layout).</summary>
    public const string NoGenreKey = "\u0000none";

    public required string DatasetRoot { get; init; }
    public int? RunId { get; init; }
    /// <summary>The run's method whose clusters are meant (a run clusters its baseline and its model separately).</summary>
    public string? Method { get; init; }
    public IReadOnlyCollection<int> Clusters { get; init; } = [];
    public IReadOnlyCollection<string> Genres { get; init; } = [];
    public string? FileText { get; init; }
    public string? TranscriptText { get; init; }
    public int? TrackId { get; init; }
}

/// <summary>
/// The Tracks page's query, built in the database (SQLite) so that paging, counting and filtering stay server-side at any
/// collection size. A track matches a cluster filter when any of its clips fell in one of the clusters.
/// </summary>
public static class TrackQuery
{
    public static IQueryable<TrackEntity> Apply(MusicDbContext db, TrackFilter f, ITranscriptLookup transcripts)
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
            query = query.Where(t => EF.Functions.Like(t.RelativePath, pattern, Like.Escape));
        }
        if (!string.IsNullOrWhiteSpace(f.TranscriptText))
            query = transcripts.WhereTranscriptContains(db, query, f.TranscriptText);
        return query;
    }

    /// <summary>Clusters of each listed track's clips for one run and method, in clip order.</summary>
    public static async Task<Dictionary<int, int[]>> ClustersAsync(MusicDbContext db, int runId, string method, IReadOnlyCollection<int> trackIds, CancellationToken ct)
    {
        var ids = trackIds.ToList();
        var rows = await db.Assignments.AsNoTracking().Where(a => a.RunId == runId && a.Method == method && ids.Contains(a.TrackId))
            .OrderBy(a => a.TrackId).ThenBy(a => a.ClipIndex).Select(a => new { a.TrackId, a.Cluster }).ToListAsync(ct);
        return rows.GroupBy(r => r.TrackId).ToDictionary(g => g.Key, g => g.Select(r => r.Cluster).ToArray());
    }

    /// <summary>The method a run's clusters are shown for by default: the model's (latent) row, else the last one.</summary>
    public static async Task<string?> DefaultMethodAsync(MusicDbContext db, int runId, CancellationToken ct)
    {
        var rows = await db.MetricRows.AsNoTracking().Where(m => m.RunId == runId).OrderBy(m => m.Order).ThenBy(m => m.Id)
            .Select(m => new { m.Method, m.Input }).ToListAsync(ct);
        return rows.LastOrDefault(r => r.Input == "Latent")?.Method ?? rows.LastOrDefault()?.Method;
    }
}
