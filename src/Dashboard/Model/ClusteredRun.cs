namespace MusicDashboard.Dashboard.Model;

/// <summary>A run the Tracks page can filter by (it has stored clusters).</summary>
public sealed record ClusteredRun(int Id, string Name, string DatasetRoot);
