namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>Where one point of a method's projection came from (known once the run's assignments are stored).</summary>
public sealed record PointInfo(int TrackId, string File, string? Genre, int ClipIndex);
