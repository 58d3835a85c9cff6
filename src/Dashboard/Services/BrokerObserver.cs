using MusicDashboard.Core.Metrics;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Services;

/// <summary>Turns a run's observer calls into broker events. Progress is thinned to whole percents: the features stage
/// reports once per file, which for GTZAN would be thousands of events for nothing.</summary>
public sealed class BrokerObserver(RunBroker broker, int runId) : IRunObserver
{
    private (string Stage, int Percent) _lastProgress = ("", -1);

    public void Log(string stage, string message) => broker.Publish(new LogLineEvent(DateTime.UtcNow, stage, message) { RunId = runId });

    public void Progress(string stage, int done, int total)
    {
        var percent = total <= 0 ? 0 : (int)(100L * done / total);
        if (_lastProgress == (stage, percent) && done != total) return;
        _lastProgress = (stage, percent);
        broker.Publish(new ProgressEvent(stage, done, total) { RunId = runId });
    }

    public void Epoch(EpochReport e)
    {
        broker.Publish(new EpochCompletedEvent(e.Epoch, e.Epochs, e.Loss, e.Reconstruction, e.Kl, e.Beta, e.Seconds)
            { RunId = runId, PublishedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        broker.Publish(new ProgressEvent("train", e.Epoch, e.Epochs) { RunId = runId });
    }

    public void Metrics(MetricsRow row) => broker.Publish(new MetricsComputedEvent(row) { RunId = runId });

    public void Projection(ProjectionReport r) => broker.Publish(new ProjectionUpdatedEvent(r.Method, r.Epoch, r.Final, r.Technique,
        r.Points.Select(p => p[0]).ToArray(), r.Points.Select(p => p[1]).ToArray(), r.Clusters) { RunId = runId, Genres = r.Genres });
}
