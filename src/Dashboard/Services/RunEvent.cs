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
