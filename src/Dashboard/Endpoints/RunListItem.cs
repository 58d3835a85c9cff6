using MusicDashboard.Core.Metrics;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Endpoints;

/// <summary>A run in <c>GET /api/runs</c>: its facts, the three figures of the chosen rows (<c>metrics=model|best</c>)
/// and all its Table 2 rows.</summary>
public sealed record RunListItem(
    int Id, string Name, string Preset, string Dataset, bool SyntheticDemo, string State,
    DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, double? DurationSeconds, int Clips, int TracksUsed, string? Error,
    double? Nmi, double? Ari, double? Silhouette, IReadOnlyList<MetricsRow> Rows, string Watch)
{
    public static RunListItem From(RunSummary r, RunMetricSource source, DateTime now) => new(
        r.Id, r.Name, r.Preset, r.Dataset, r.IsSyntheticDemo, RunStates.Name(r.State), r.CreatedAt, r.StartedAt, r.FinishedAt,
        r.Duration(now)?.TotalSeconds, r.Clips, r.TracksUsed, r.Error,
        r.Metric("nmi", source), r.Metric("ari", source), r.Metric("silhouette", source), r.Metrics, $"/runs/{r.Id}");
}
