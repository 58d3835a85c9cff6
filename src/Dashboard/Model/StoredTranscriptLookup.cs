using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

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

    public Expression<Func<TrackEntity, bool>> TranscriptContains(MusicDbContext db, string text)
    {
        var pattern = Like.Contains(text);
        return Like.For<TrackEntity>(db, t =>
            (t.SidecarLyrics != null && Like.Matches(t.SidecarLyrics, pattern)) ||
            db.Transcripts.Any(s => s.TrackId == t.Id && !s.NoVocalsDetected && Like.Matches(s.Text, pattern)));
    }

    private static string Describe(string source) =>
        source.StartsWith(TranscriptStore.WhisperSourcePrefix, StringComparison.Ordinal)
            ? "Whisper " + source[TranscriptStore.WhisperSourcePrefix.Length..]
            : source == TranscriptStore.SidecarSource ? SidecarTranscriptLookup.SidecarSource : source;
}
