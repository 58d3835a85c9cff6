namespace MusicDashboard.Dashboard.Model;

/// <summary>Where one clip of a run landed for one method (its cluster and 2-D point), with its track's file and genre.</summary>
public sealed record StoredAssignment(string Method, int TrackId, string File, string? Genre, int ClipIndex, double OffsetSeconds, int Cluster, double X, double Y);
