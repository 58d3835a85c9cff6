using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Lyrics;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Pipeline;

public sealed record RunResult(
    DatasetScan Scan,
    ClipFeatureTable Features,
    IReadOnlyList<MetricsRow> Rows,
    IReadOnlyList<MethodAssignments> Assignments,
    IReadOnlyList<EpochReport> Epochs,
    double Seconds)
{
    /// <summary>Latent means of every clip (after the configured per-track aggregation), aligned with Features.Clips.</summary>
    public float[][]? LatentMeans { get; init; }
    /// <summary>The trained model, one line ("MlpVae 40-256-128-16").</summary>
    public string? Model { get; init; }
    /// <summary>The lyric vectors, when the run used lyrics.</summary>
    public LyricVectorTable? Lyrics { get; init; }
    /// <summary>What the rows were scored on (tracks or clips).</summary>
    public ScoringUnits? Units { get; init; }
}
