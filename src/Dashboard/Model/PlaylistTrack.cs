namespace MusicDashboard.Dashboard.Model;

/// <summary>One entry of a playlist: the track, its file (relative to its collection, and absolute for the M3U), genre and length.</summary>
public sealed record PlaylistTrack(int Position, int TrackId, string File, string Title, string? Genre, double DurationSeconds, string AbsolutePath);
