namespace MusicDashboard.Dashboard.Model;

/// <summary>One row of the Tracks page: the track, its clips' clusters in the chosen run (null without a run) and its transcript.</summary>
public sealed record TrackRow(int Id, string? Genre, string RelativePath, double DurationSeconds, string? Error, int[]? Clusters, Transcript Transcript);
