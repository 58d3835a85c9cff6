using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Model;

/// <summary>The scanned collection: its size, genres, lyrics and unreadable files (Dataset and Overview pages).</summary>
public sealed class DatasetQuery(IDbContextFactory<MusicDbContext> dbFactory, ITranscriptLookup transcripts)
{
    /// <summary>Tracks and distinct genres of the collection at <paramref name="root"/>.</summary>
    public async Task<(int Tracks, int Genres)> CountsAsync(string root, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tracks = await db.Tracks.CountAsync(t => t.DatasetRoot == root, ct);
        var genres = await db.Tracks.Where(t => t.DatasetRoot == root && t.Genre != null).Select(t => t.Genre).Distinct().CountAsync(ct);
        return (tracks, genres);
    }

    public async Task<DatasetSummary> SummaryAsync(string root, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tracks = await db.Tracks.AsNoTracking().Where(t => t.DatasetRoot == root)
            .Select(t => new { t.Id, t.Genre, t.RelativePath, t.Error, t.DurationSeconds }).ToListAsync(ct);
        var texts = await transcripts.ForTracksAsync(db, tracks.Select(t => t.Id).ToList(), ct);
        bool HasText(int id) => texts.TryGetValue(id, out var t) && t.Text is not null;
        return new DatasetSummary(
            tracks.Count,
            tracks.Count(t => t.Error is null),
            tracks.Where(t => t.Error is null).Sum(t => t.DurationSeconds),
            tracks.Count(t => HasText(t.Id)),
            tracks.Where(t => t.Genre is not null).GroupBy(t => t.Genre!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new GenreSummary(g.Key, g.Count(), g.Count(t => HasText(t.Id)))).ToList(),
            tracks.Where(t => t.Error is not null).OrderBy(t => t.RelativePath).Select(t => new SkippedFile(t.RelativePath, t.Error!)).ToList());
    }
}
