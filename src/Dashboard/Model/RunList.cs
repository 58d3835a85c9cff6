namespace MusicDashboard.Dashboard.Model;

/// <summary>One page of the filtered, sorted runs and how many match in all.</summary>
public sealed record RunList(IReadOnlyList<RunSummary> Runs, int Total);
