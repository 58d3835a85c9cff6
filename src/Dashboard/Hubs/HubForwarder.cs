using Microsoft.AspNetCore.SignalR;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Hubs;

/// <summary>Sends every run event to the SignalR group of its run, one at a time in publishing order (a per-event
/// fire-and-forget send could reorder epochs on the wire).</summary>
public sealed class HubForwarder(RunBroker broker, IHubContext<TrainingHub, ITrainingClient> hub, ScaleOut.HubGroups groups, ILogger<HubForwarder> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (events, subscription) = broker.SubscribeAll();
        using var _ = subscription;
        try
        {
            await foreach (var e in events.ReadAllAsync(stoppingToken))
            {
                var group = hub.Clients.Group(groups.Of(e.RunId));
                try
                {
                    await (e switch
                    {
                        EpochCompletedEvent x => group.EpochCompleted(x),
                        ProjectionUpdatedEvent x => group.ProjectionUpdated(x),
                        MetricsComputedEvent x => group.MetricsComputed(x),
                        RunStateChangedEvent x => group.RunStateChanged(x),
                        LogLineEvent x => group.LogLine(x),
                        ProgressEvent x => group.Progress(x),
                        _ => Task.CompletedTask,
                    });
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One broken connection must not stop the stream for the others.
                    log.LogWarning(ex, "Forwarding {Event} of run {Run} failed", e.GetType().Name, e.RunId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
