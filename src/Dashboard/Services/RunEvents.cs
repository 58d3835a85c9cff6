using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Services;

/// <summary>
/// What the dashboard streams about a run: the same records go to the pages (in process) and to SignalR clients. Every event
/// carries the run's sequence number, so a watcher that took a snapshot can drop the events the snapshot already holds.
/// </summary>
public abstract record RunEvent
{
    public int RunId { get; init; }
    public long Seq { get; init; }
}

public sealed record EpochCompletedEvent(int Epoch, int Epochs, double Loss, double Reconstruction, double Kl, double Beta, double Seconds) : RunEvent
{
    /// <summary>Server clock when the epoch was published (Unix ms): latency measurements compare it with the client's clock.</summary>
    public long PublishedAtMs { get; init; }
}

/// <summary>2-D points of every clip for one method. <see cref="Clusters"/> is null while training (no clustering yet).</summary>
public sealed record ProjectionUpdatedEvent(string Method, int Epoch, bool Final, string Technique, double[] X, double[] Y, int[]? Clusters) : RunEvent;

/// <summary>One Table 2 row of the run, as soon as its method is clustered and scored.</summary>
public sealed record MetricsComputedEvent(MetricsRow Row) : RunEvent;

public sealed record RunStateChangedEvent(string State, string? Message) : RunEvent;

public sealed record LogLineEvent(DateTime At, string Stage, string Message) : RunEvent;

/// <summary>Progress of the current stage (features: files; train: epochs).</summary>
public sealed record ProgressEvent(string Stage, int Done, int Total) : RunEvent;

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

public static class RunStates
{
    /// <summary>The state names clients see: queued, running, completed, failed, cancelled, interrupted.</summary>
    public static string Name(RunState state) => state.ToString().ToLowerInvariant();

    public static bool IsFinished(RunState state) => state is RunState.Completed or RunState.Failed or RunState.Cancelled or RunState.Interrupted;

    public static bool IsFinished(string state) => Enum.TryParse<RunState>(state, ignoreCase: true, out var s) && IsFinished(s);
}
