using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Reports;

namespace MusicDashboard.Training.Pipeline;

/// <summary>One preset at one seed: the pipeline's result, its rows plus the re-clustered latent row, and stage timings.</summary>
public sealed record StudyRun(string Preset, int Seed, RunConfig Config, RunResult Result, IReadOnlyList<MetricsRow> Rows, IReadOnlyList<StageTiming> Stages);
