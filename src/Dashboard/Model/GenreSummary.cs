namespace MusicDashboard.Dashboard.Model;

/// <summary>Tracks of one genre, and how many of them have a transcript or lyric sidecar.</summary>
public sealed record GenreSummary(string Genre, int Tracks, int WithLyrics);
