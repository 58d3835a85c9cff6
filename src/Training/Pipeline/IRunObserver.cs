using MusicDashboard.Core.Metrics;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Pipeline;

/// <summary>What a run tells whoever watches it (console, database, dashboard). Plain numbers only, never tensors.</summary>
public interface IRunObserver
{
    void Log(string stage, string message) { }
    void Progress(string stage, int done, int total) { }
    void Epoch(EpochReport report) { }
    void Metrics(MetricsRow row) { }
    /// <summary>2-D projection of every clip (rows aligned with the run's clips): during training every few epochs
    /// (PCA of the latent means, <see cref="ProjectionReport.Final"/> false) and once per method after clustering.</summary>
    void Projection(ProjectionReport report) { }
}
