using System.Diagnostics;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Reports;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// The whole study: every preset at every seed through <see cref="RunPipeline"/>, each latent model clustered with both
/// K-Means and a GMM (the other method re-clusters the same latent means, no retraining), raw baselines counted once
/// per seed (presets sharing an input give the same baseline row), then mean and standard deviation over seeds.
/// </summary>
public static class StudyReproduction
{
    /// <summary>The clustering the study did not use for a latent model: GMM for K-Means presets and vice versa
    /// (diagonal covariances, as the CVAE preset).</summary>
    public static ClusteringSettings OtherClustering(ClusteringSettings s) => s.Method == GmmMethod.MethodId
        ? s with { Method = KMeansMethod.MethodId }
        : GmmMethod.With(s, CovarianceType.Diag);

    /// <summary>Runs one preset at one seed. <paramref name="execute"/> runs the pipeline (the caller decides storage and
    /// observers; the timing observer given to it must be passed on).</summary>
    public static StudyRun RunOne(StudyPlan plan, string preset, int seed, string dataset,
        Func<RunConfig, IRunObserver, RunResult> execute, IRunObserver log, CancellationToken ct)
    {
        var config = plan.Config(preset, dataset, seed);
        var timing = new StageTimer(config.Name, seed);
        var result = execute(config, new CompositeObserver(timing, log));
        var rows = result.Rows.ToList();
        if (result.LatentMeans is { } latent)
        {
            var watch = Stopwatch.StartNew();
            var other = OtherClustering(config.Clustering);
            var units = result.Units ?? ScoringUnits.For(result.Features.Clips, LatentAggregation.Clip);
            var x = Clusterer.Scale(units.Reduce(RunPipeline.ToDouble(latent)), config.LatentScaling);
            var fit = Clusterer.Fit(x, other, seed, ct);
            var method = $"{RunPipeline.ModelLabel(config)} + {RunPipeline.ClusteringSuffix(other)}";
            if (fit.Labels.Distinct().Count() < 2)
                throw new ArgumentException($"{method}: clustering found a single cluster; the latent means are (nearly) identical");
            var s = MetricsRow.Score(method, "Latent", other.Label, other.K, x, fit.Labels, units.Labels(result.Features.GenreLabels(out _)));
            var trained = rows[^1];
            // Seconds: the preset's latent row (training + its clustering; the pipeline does not split them) plus this
            // clustering, so the row counts the shared training once more, never less than it cost.
            rows.Add(s with { Seconds = trained.Seconds + watch.Elapsed.TotalSeconds, Unit = units.Name, Units = units.Count, Note = trained.Note });
            log.Log("cluster", $"{method}: silhouette {s.Silhouette:0.000}, DB {s.DaviesBouldin:0.000}, CH {s.CalinskiHarabasz:0.0}" +
                (s.Nmi is null ? "" : $", ARI {s.Ari:0.000}, NMI {s.Nmi:0.000}, purity {s.Purity:0.000}"));
            timing.Add($"cluster ({RunPipeline.ClusteringSuffix(other)})", watch.Elapsed.TotalSeconds);
        }
        timing.Add("run total", result.Seconds);
        return new StudyRun(preset, seed, config, result, rows, timing.Timings);
    }

    /// <summary>Rows of all runs of one seed, each method once (a baseline shared by presets is the same computation).</summary>
    public static IReadOnlyList<MetricsRow> SeedRows(IEnumerable<StudyRun> runsOfSeed)
    {
        var seen = new HashSet<string>();
        return runsOfSeed.SelectMany(r => r.Rows).Where(r => seen.Add(r.Method)).ToList();
    }

    /// <summary>Mean ± standard deviation of every row over the seeds of <paramref name="runs"/>.</summary>
    public static IReadOnlyList<MetricsRow> Aggregate(IReadOnlyList<StudyRun> runs) =>
        Table2Report.Aggregate(runs.GroupBy(r => r.Seed).Select(g => (g.Key, SeedRows(g))).ToList());

    /// <summary>
    /// Each latent row of the aggregated table (means over seeds) against the strongest raw baseline of the whole table
    /// (highest NMI) clustered by the same method, or by any method when the table has no raw row clustered that way:
    /// every hand-crafted set of every view setup counts, so a learned row only "beats the baseline" when it beats all of them.
    /// </summary>
    public static IReadOnlyList<Verdict> Verdicts(IReadOnlyList<MetricsRow> aggregated)
    {
        static string Clustering(string method)
        {
            var at = method.LastIndexOf(" + ", StringComparison.Ordinal);
            return at < 0 ? "" : method[(at + 3)..];
        }
        var baselines = aggregated.Where(r => r.Input != "Latent" && r.Nmi is not null && r.Ari is not null).ToList();
        var verdicts = new List<Verdict>();
        foreach (var latent in aggregated.Where(r => r.Input == "Latent"))
        {
            if (latent.Nmi is not { } nmi || latent.Ari is not { } ari || latent.Purity is not { } purity) continue;
            var same = baselines.Where(b => Clustering(b.Method) == Clustering(latent.Method)).ToList();
            var baseline = (same.Count > 0 ? same : baselines).MaxBy(b => b.Nmi!.Value);
            if (baseline is null) continue;
            verdicts.Add(new Verdict(latent.Method, baseline.Method, nmi, ari, purity, baseline.Nmi!.Value, baseline.Ari!.Value)
            {
                NmiStd = latent.NmiStd, AriStd = latent.AriStd, BaselineNmiStd = baseline.NmiStd, BaselineAriStd = baseline.AriStd,
            });
        }
        return verdicts;
    }

    /// <summary>Times stages from their log lines: a stage spans its first to its last message (the pipeline logs
    /// "started" and a closing line with the result).</summary>
    private sealed class StageTimer(string run, int seed) : IRunObserver
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<string> _order = [];
        private readonly Dictionary<string, (double First, double Last)> _spans = [];
        private readonly List<StageTiming> _extra = [];

        public void Log(string stage, string message)
        {
            var now = _clock.Elapsed.TotalSeconds;
            if (stage == "cluster") return; // per-method rows carry their own clustering seconds
            if (_spans.TryGetValue(stage, out var span)) _spans[stage] = (span.First, now);
            else { _spans[stage] = (now, now); _order.Add(stage); }
        }

        public void Add(string stage, double seconds) => _extra.Add(new StageTiming(run, seed, stage, seconds));

        public IReadOnlyList<StageTiming> Timings =>
            _order.Select(s => new StageTiming(run, seed, s, _spans[s].Last - _spans[s].First)).Concat(_extra).ToList();
    }
}
