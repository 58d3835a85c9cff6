using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Dashboard.Services;

/// <summary>Everything known about a run at one moment: what a late or reconnecting watcher starts from.</summary>
public sealed record RunSnapshot(
    int RunId,
    long Seq,
    string State,
    string? Message,
    string Name,
    string Preset,
    string Dataset,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int Epochs,
    ProgressEvent? Progress,
    IReadOnlyList<EpochCompletedEvent> EpochList,
    IReadOnlyList<ProjectionUpdatedEvent> Projections,
    IReadOnlyList<MetricsRow> Metrics,
    IReadOnlyList<LogLineEvent> Log);
