using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>The saved playlists (the Playlists page, the map's "saved" message, the API and its exports); writes go
/// through <see cref="PlaylistStore"/>.</summary>
public sealed class PlaylistQuery(IDbContextFactory<MusicDbContext> dbFactory)
{
    /// <summary>Every playlist, newest first, with its length.</summary>
    public async Task<IReadOnlyList<PlaylistSummary>> AllAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Playlists.AsNoTracking().OrderByDescending(p => p.Id)
            .Select(p => new
            {
                p.Id, p.Name, p.RunId, p.CreatedAt, Tracks = p.Tracks.Count,
                Seconds = (from pt in db.PlaylistTracks join t in db.Tracks on pt.TrackId equals t.Id where pt.PlaylistId == p.Id select t.DurationSeconds).Sum(),
            }).ToListAsync(ct);
        return rows.Select(r => new PlaylistSummary(r.Id, r.Name, r.RunId, r.CreatedAt, r.Tracks, r.Seconds)).ToList();
    }

    /// <summary>One playlist with its tracks in order; null when there is no such playlist.</summary>
    public async Task<PlaylistDetail?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.Playlists.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.Id, x.Name, x.RunId, x.CreatedAt }).FirstOrDefaultAsync(ct);
        if (p is null) return null;
        var rows = await (from pt in db.PlaylistTracks.AsNoTracking()
                          join t in db.Tracks.AsNoTracking() on pt.TrackId equals t.Id
                          where pt.PlaylistId == id
                          orderby pt.Position
                          select new { pt.Position, t.Id, t.RelativePath, t.Genre, t.DurationSeconds, t.DatasetRoot }).ToListAsync(ct);
        var tracks = rows.Select(r => new PlaylistTrack(r.Position, r.Id, r.RelativePath, MapQuery.Title(r.RelativePath), r.Genre, r.DurationSeconds,
            Path.GetFullPath(Path.Combine(r.DatasetRoot, r.RelativePath)))).ToList();
        return new PlaylistDetail(new PlaylistSummary(p.Id, p.Name, p.RunId, p.CreatedAt, tracks.Count, tracks.Sum(t => t.DurationSeconds)), tracks);
    }
}
