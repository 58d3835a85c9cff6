using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>Transcripts from the lyric sidecar text stored with each track, nothing else.</summary>
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

    public Expression<Func<TrackEntity, bool>> TranscriptContains(MusicDbContext db, string text)
    {
        var pattern = Like.Contains(text);
        return Like.For<TrackEntity>(db, t => t.SidecarLyrics != null && Like.Matches(t.SidecarLyrics, pattern));
    }
}
