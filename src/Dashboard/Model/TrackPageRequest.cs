namespace MusicDashboard.Dashboard.Model;

/// <summary>How the Tracks page sorts: "file", "duration", else genre; then by file.</summary>
public sealed record TrackPageRequest(TrackFilter Filter, string? SortLabel, bool Descending, int Page, int PageSize);
