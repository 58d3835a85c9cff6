namespace MusicDashboard.Core.Metrics;

/// <summary>A cluster x class count table for the dashboard: rows are the distinct true classes, columns the distinct
/// predicted clusters, both ascending (noise, -1, first when present).</summary>
public sealed record ContingencyTable(int[] Classes, int[] Clusters, int[,] Counts)
{
    public int Total { get; } = Counts.Cast<int>().Sum();
}
