namespace MusicDashboard.Dashboard.Model;

/// <summary>How many tracks have a clip in one cluster of a run's method.</summary>
public sealed record ClusterCount(int Cluster, int Tracks);
