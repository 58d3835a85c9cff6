using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Tests.Live;

/// <summary>Everything one hub client received, in arrival order.</summary>
public sealed class HubRecorder
{
    public readonly ConcurrentQueue<RunEvent> Events = new();
    public readonly TaskCompletionSource<RunStateChangedEvent> Finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public readonly TaskCompletionSource FirstEpoch = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public int RunId = -1;

    public void Attach(HubConnection hub)
    {
        hub.On<EpochCompletedEvent>("EpochCompleted", e => { if (Mine(e)) { Events.Enqueue(e); FirstEpoch.TrySetResult(); } });
        hub.On<ProjectionUpdatedEvent>("ProjectionUpdated", e => { if (Mine(e)) Events.Enqueue(e); });
        hub.On<MetricsComputedEvent>("MetricsComputed", e => { if (Mine(e)) Events.Enqueue(e); });
        hub.On<LogLineEvent>("LogLine", e => { if (Mine(e)) Events.Enqueue(e); });
        hub.On<ProgressEvent>("Progress", e => { if (Mine(e)) Events.Enqueue(e); });
        hub.On<RunStateChangedEvent>("RunStateChanged", e =>
        {
            if (!Mine(e)) return;
            Events.Enqueue(e);
            if (RunStates.IsFinished(e.State)) Finished.TrySetResult(e);
        });
    }

    private bool Mine(RunEvent e) => RunId < 0 || e.RunId == RunId;
}
