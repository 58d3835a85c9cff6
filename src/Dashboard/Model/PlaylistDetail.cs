namespace MusicDashboard.Dashboard.Model;

/// <summary>A playlist with its tracks in order.</summary>
public sealed record PlaylistDetail(PlaylistSummary Summary, IReadOnlyList<PlaylistTrack> Tracks);
