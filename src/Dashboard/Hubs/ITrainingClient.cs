using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Hubs;

/// <summary>What a client of <c>/hubs/training</c> receives. Every event carries <c>runId</c> and <c>seq</c> (per run,
/// increasing): after <see cref="TrainingHub.SubscribeRun"/>, drop events whose seq is not above the snapshot's.</summary>
public interface ITrainingClient
{
    Task EpochCompleted(EpochCompletedEvent e);
    Task ProjectionUpdated(ProjectionUpdatedEvent e);
    Task MetricsComputed(MetricsComputedEvent e);
    /// <summary>States: queued, running, completed, failed, cancelled, interrupted (with the reason in <c>message</c>).</summary>
    Task RunStateChanged(RunStateChangedEvent e);
    Task LogLine(LogLineEvent e);
    Task Progress(ProgressEvent e);
}
