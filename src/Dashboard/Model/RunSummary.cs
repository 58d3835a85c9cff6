using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Model;

/// <summary>A stored run as the lists show it: its facts, its metric rows in stored order, its skipped files.</summary>
public sealed record RunSummary(int Id, string Name, string Preset, string Dataset, bool IsSyntheticDemo, RunState State,
    DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, int Clips, int TracksUsed, string? Error,
    IReadOnlyList<MetricsRow> Metrics, IReadOnlyList<SkippedFile> Skipped, string? SkippedUnparsed)
{
    /// <summary>The model's row (the first latent row: the run's own clustering; a study run's other method comes after it),
    /// else the last one: the figures the lists show.</summary>
    public MetricsRow? Key => Metrics.FirstOrDefault(m => m.Input == "Latent") ?? Metrics.LastOrDefault();

    /// <summary>The metrics the lists show and sort by.</summary>
    public static IReadOnlyList<string> MetricKeys { get; } = ["nmi", "ari", "silhouette"];

    /// <summary>A metric ("nmi", "ari", "silhouette") of the model's row, or the best of all the run's rows; null when
    /// the run has no such value (no rows yet, or no genre labels for NMI / ARI).</summary>
    public double? Metric(string metric, RunMetricSource source)
    {
        Func<MetricsRow, double?> value = metric switch
        {
            "nmi" => m => m.Nmi,
            "ari" => m => m.Ari,
            "silhouette" => m => m.Silhouette,
            _ => throw new ArgumentException($"unknown metric '{metric}' (known: {string.Join(", ", MetricKeys)})", nameof(metric)),
        };
        var values = source == RunMetricSource.Best ? Metrics.Select(value) : Key is { } key ? [value(key)] : [];
        var finite = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        return finite.Count == 0 ? null : finite.Max();
    }

    /// <summary>From start to end (to now while running); null before it started or when it never ended.</summary>
    public TimeSpan? Duration(DateTime now) => StartedAt is not { } start ? null
        : FinishedAt is { } end ? end - start
        : State == RunState.Running ? now - start : null;

    /// <summary>A run read with its metric rows.</summary>
    public static RunSummary From(RunEntity r)
    {
        var (skipped, unparsed) = RunFacts.ParseSkipped(r.SkippedFilesJson);
        return new RunSummary(r.Id, r.Name, r.Preset, r.Dataset, r.Dataset == DemoCorpus.DatasetName, r.State, r.CreatedAt, r.StartedAt,
            r.FinishedAt, r.Clips, r.TracksUsed, r.Error, Rows(r.Metrics), skipped, unparsed);
    }

    /// <summary>Stored metric rows in the order the run produced them.</summary>
    public static IReadOnlyList<MetricsRow> Rows(IEnumerable<MetricRowEntity> rows) =>
        rows.OrderBy(m => m.Order).ThenBy(m => m.Id).Select(m => m.Row.WithDefaultUnit()).ToList();
}
