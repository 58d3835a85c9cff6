using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Model;

/// <summary>A collection as the Dataset page shows it.</summary>
public sealed record DatasetSummary(int Total, int Usable, double Seconds, int WithLyrics, IReadOnlyList<GenreSummary> Genres, IReadOnlyList<SkippedFile> Unreadable);
