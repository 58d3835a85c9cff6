namespace MusicDashboard.Dashboard.Model;

/// <summary>One track on the map: where it lies in the chosen projection, its genre and cluster, a snippet of its transcript.</summary>
public sealed record MapPoint(int TrackId, string File, string Title, string? Genre, int? Cluster, double X, double Y, string? Snippet);
