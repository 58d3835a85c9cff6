using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>Creates, renames and deletes playlists, checking what it is given first (the map's "save as playlist", the
/// Playlists page and <c>POST /api/playlists</c> share these checks and their messages).</summary>
public sealed class PlaylistStore(IDbContextFactory<MusicDbContext> dbFactory)
{
    public const int MaxNameLength = 200;
    public const int MaxTracks = 20_000;

    /// <summary>Stores a playlist of <paramref name="trackIds"/> in the given order (a track listed twice is kept once,
    /// at its first place).</summary>
    public async Task<PlaylistSaveResult> CreateAsync(string? name, int? runId, IReadOnlyList<int>? trackIds, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string[]>();
        if (NameProblem(name) is { } p) problems["name"] = [p];
        var ids = (trackIds ?? []).Distinct().ToList();
        if (ids.Count == 0) problems["trackIds"] = ["a playlist needs at least one track"];
        else if (ids.Count > MaxTracks) problems["trackIds"] = [$"a playlist holds at most {MaxTracks} tracks, got {ids.Count}"];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (ids.Count is > 0 and <= MaxTracks)
        {
            var known = (await db.Tracks.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct)).ToHashSet();
            var missing = ids.Where(id => !known.Contains(id)).ToList();
            if (missing.Count > 0)
                problems["trackIds"] = [$"no track with id {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? $" and {missing.Count - 10} more" : "")}"];
        }
        if (runId is { } run && !await db.Runs.AnyAsync(r => r.Id == run, ct)) problems["runId"] = [$"no run {run}"];
        if (problems.Count > 0) return new PlaylistSaveResult(null, problems);

        var playlist = new PlaylistEntity
        {
            Name = name!.Trim(), RunId = runId, CreatedAt = DateTime.UtcNow,
            Tracks = ids.Select((id, i) => new PlaylistTrackEntity { Position = i, TrackId = id }).ToList(),
        };
        db.Playlists.Add(playlist);
        await db.SaveChangesAsync(ct);
        return new PlaylistSaveResult(playlist.Id, problems);
    }

    /// <summary>Renames a playlist; the problem in words, or null when renamed. False-y outcome when there is no such playlist.</summary>
    public async Task<(bool Found, string? Problem)> RenameAsync(int id, string? name, CancellationToken ct = default)
    {
        if (NameProblem(name) is { } problem) return (true, problem);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var renamed = await db.Playlists.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, name!.Trim()), ct);
        return (renamed > 0, null);
    }

    /// <summary>Deletes a playlist and its entries; false when there was none.</summary>
    public async Task<bool> DeleteAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var playlist = await db.Playlists.Include(p => p.Tracks).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (playlist is null) return false;
        db.Playlists.Remove(playlist);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Why a name cannot be a playlist's, or null.</summary>
    public static string? NameProblem(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "a playlist needs a name"
        : name.Trim().Length > MaxNameLength ? $"a playlist's name is at most {MaxNameLength} characters, got {name.Trim().Length}"
        : null;
}
