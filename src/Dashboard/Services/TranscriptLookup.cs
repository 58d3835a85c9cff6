using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Services;

/// <summary>A track's lyric transcript and where it came from ("sidecar lyrics", a Whisper model, ...). <see cref="Text"/>
/// is null when there is none; <see cref="Source"/> then says why ("no lyrics", "no vocals detected").</summary>
public sealed record Transcript(string? Text, string Source);

/// <summary>
/// Where the pages get transcripts from. Today: the lyric sidecar text stored with each track. The Whisper transcripts'
/// store plugs in here (one registration in DashboardHost) without any change to the pages.
/// </summary>
public interface ITranscriptLookup
{
    /// <summary>Transcripts of the given tracks (every id gets an entry, with a reason when there is no text).</summary>
    Task<IReadOnlyDictionary<int, Transcript>> ForTracksAsync(MusicDbContext db, IReadOnlyCollection<int> trackIds, CancellationToken ct);

    /// <summary>Narrows a track query to tracks whose transcript contains <paramref name="text"/> (case-insensitive for
    /// ASCII), inside the database query so paging stays server-side.</summary>
    IQueryable<TrackEntity> WhereTranscriptContains(MusicDbContext db, IQueryable<TrackEntity> tracks, string text);
}

public sealed class SidecarTranscriptLookup : ITranscriptLookup
{
    public const string SidecarSource = "sidecar lyrics";
    public const string NoneSource = "no lyrics (no sidecar text; no transcript stored)";

    public async Task<IReadOnlyDictionary<int, Transcript>> ForTracksAsync(MusicDbContext db, IReadOnlyCollection<int> trackIds, CancellationToken ct)
    {
        var ids = trackIds.Distinct().ToList();
        var rows = await db.Tracks.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.SidecarLyrics }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => string.IsNullOrWhiteSpace(r.SidecarLyrics)
            ? new Transcript(null, NoneSource)
            : new Transcript(r.SidecarLyrics, SidecarSource));
    }

    public IQueryable<TrackEntity> WhereTranscriptContains(MusicDbContext db, IQueryable<TrackEntity> tracks, string text)
    {
        var pattern = Like.Contains(text);
        return tracks.Where(t => t.SidecarLyrics != null && EF.Functions.Like(t.SidecarLyrics, pattern, Like.Escape));
    }
}

/// <summary>SQLite LIKE patterns with the user's % and _ taken literally.</summary>
public static class Like
{
    public const string Escape = "\\";

    public static string Contains(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
