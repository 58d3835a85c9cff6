using MusicDashboard.Core.Metrics;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Pipeline;

/// <summary>Fans a run's events out to several observers (console + database, later the dashboard hub).</summary>
public sealed class CompositeObserver(params IRunObserver[] observers) : IRunObserver
{
    public void Log(string stage, string message) { foreach (var o in observers) o.Log(stage, message); }
    public void Progress(string stage, int done, int total) { foreach (var o in observers) o.Progress(stage, done, total); }
    public void Epoch(EpochReport report) { foreach (var o in observers) o.Epoch(report); }
    public void Metrics(MetricsRow row) { foreach (var o in observers) o.Metrics(row); }
    public void Projection(ProjectionReport report) { foreach (var o in observers) o.Projection(report); }
}
