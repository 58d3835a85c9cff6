using System.Linq.Expressions;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// Where the query services get transcripts from (the pages get them from <see cref="TrackQuery"/> and
/// <see cref="DatasetQuery"/>): the Whisper transcripts' store with the sidecar lyrics as fallback
/// (<see cref="StoredTranscriptLookup"/>), or the sidecar text alone (<see cref="SidecarTranscriptLookup"/>). One
/// registration in DashboardHost chooses.
/// </summary>
public interface ITranscriptLookup
{
    /// <summary>Transcripts of the given tracks (every id gets an entry, with a reason when there is no text).</summary>
    Task<IReadOnlyDictionary<int, Transcript>> ForTracksAsync(MusicDbContext db, IReadOnlyCollection<int> trackIds, CancellationToken ct);

    /// <summary>Whether a track's transcript contains <paramref name="text"/> (case-insensitive for ASCII), as a predicate
    /// the database evaluates, so paging stays server-side.</summary>
    Expression<Func<TrackEntity, bool>> TranscriptContains(MusicDbContext db, string text);
}
