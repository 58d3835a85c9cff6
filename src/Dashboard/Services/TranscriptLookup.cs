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

/// <summary>
/// Transcripts from the transcript store (Whisper transcripts made by the collection job, imported sidecar lyrics),
/// Whisper first, then the sidecar; tracks the store has nothing for fall back to the sidecar text kept on the track.
/// A Whisper window judged instrumental is shown as "no vocals detected", not as text.
/// </summary>
public sealed class StoredTranscriptLookup : ITranscriptLookup
{
    public async Task<IReadOnlyDictionary<int, Transcript>> ForTracksAsync(MusicDbContext db, IReadOnlyCollection<int> trackIds, CancellationToken ct)
    {
        var ids = trackIds.Distinct().ToList();
        var stored = await db.Transcripts.AsNoTracking().Where(t => ids.Contains(t.TrackId)).ToListAsync(ct);
        var sidecars = await db.Tracks.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.SidecarLyrics }).ToListAsync(ct);
        var result = new Dictionary<int, Transcript>();
        foreach (var track in sidecars)
        {
            var best = stored.Where(t => t.TrackId == track.Id)
                .OrderBy(t => t.Source == TranscriptStore.SidecarSource).ThenByDescending(t => t.CreatedAt).FirstOrDefault();
            result[track.Id] = best switch
            {
                { NoVocalsDetected: true } w => new Transcript(null, $"no vocals detected ({Describe(w.Source)})"),
                { } t when !string.IsNullOrWhiteSpace(t.Text) => new Transcript(t.Text, Describe(t.Source) + (t.Language is { } l ? $", {l}" : "")),
                _ when !string.IsNullOrWhiteSpace(track.SidecarLyrics) => new Transcript(track.SidecarLyrics, SidecarTranscriptLookup.SidecarSource),
                _ => new Transcript(null, SidecarTranscriptLookup.NoneSource),
            };
        }
        return result;
    }

    public IQueryable<TrackEntity> WhereTranscriptContains(MusicDbContext db, IQueryable<TrackEntity> tracks, string text)
    {
        var pattern = Like.Contains(text);
        return tracks.Where(t =>
            (t.SidecarLyrics != null && EF.Functions.Like(t.SidecarLyrics, pattern, Like.Escape)) ||
            db.Transcripts.Any(s => s.TrackId == t.Id && !s.NoVocalsDetected && EF.Functions.Like(s.Text, pattern, Like.Escape)));
    }

    private static string Describe(string source) =>
        source.StartsWith(TranscriptStore.WhisperSourcePrefix, StringComparison.Ordinal)
            ? "Whisper " + source[TranscriptStore.WhisperSourcePrefix.Length..]
            : source == TranscriptStore.SidecarSource ? SidecarTranscriptLookup.SidecarSource : source;
}
