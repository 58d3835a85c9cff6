namespace MusicDashboard.Dashboard.Model;

/// <summary>A run the map can show: one with stored assignments; <see cref="HasLatents"/> when its latent means were kept
/// (runs stored before they were can show only their own stored projection).</summary>
public sealed record MapRun(int Id, string Name, string DatasetRoot, bool HasLatents);
