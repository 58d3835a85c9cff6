namespace MusicDashboard.Dashboard.Model;

/// <summary>A saved playlist as the list shows it.</summary>
public sealed record PlaylistSummary(int Id, string Name, int? RunId, DateTime CreatedAt, int Tracks, double Seconds);
