namespace MusicDashboard.Dashboard.ScaleOut;

/// <summary>
/// The SignalR group a run's watchers join on this instance. With scale-out every dashboard instance receives every
/// event from the event stream and forwards it to its own watchers, so the group is the instance's own (through SignalR's
/// Redis backplane a group spans instances, and a shared one would bring each event once per instance).
/// </summary>
public sealed class HubGroups(string? instance)
{
    /// <summary>This instance's name in group names; null in the embedded mode (one process).</summary>
    public string? Instance { get; } = instance;

    public string Of(int runId) => Instance is null ? $"run-{runId}" : $"run-{runId}@{Instance}";
}
