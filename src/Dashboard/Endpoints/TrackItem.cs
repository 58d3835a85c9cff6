using MusicDashboard.Dashboard.Model;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>A track in <c>GET /api/tracks</c>: its genre, file, the cluster of each of its clips in the chosen run and
/// method (null without a run), its transcript and where to fetch its audio.</summary>
public sealed record TrackItem(int Id, string? Genre, string File, double DurationSeconds, string? Error, int[]? Clusters,
    string? Transcript, string TranscriptSource, string Audio)
{
    public static TrackItem From(TrackRow t) => new(t.Id, t.Genre, t.RelativePath, t.DurationSeconds, t.Error, t.Clusters,
        t.Transcript.Text, t.Transcript.Source, $"/api/tracks/{t.Id}/audio");
}
