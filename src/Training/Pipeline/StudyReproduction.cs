using System.Diagnostics;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Reports;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// The whole study: every preset at every seed through <see cref="RunPipeline"/>, each latent model clustered with both
/// K-Means and a GMM (the run's <see cref="RunConfig.AlsoCluster"/>: the other method re-clusters the same latent means, no
/// retraining, and the run stores both rows), raw baselines counted once per seed (presets sharing an input give the same
/// baseline row), then mean and standard deviation over seeds.
/// </summary>
public static class StudyReproduction
{
    /// <summary>The clustering the study did not use for a latent model: GMM for K-Means presets and vice versa
    /// (diagonal covariances, as the CVAE preset).</summary>
    public static ClusteringSettings OtherClustering(ClusteringSettings s) => s.Method == GmmMethod.MethodId
        ? s with { Method = KMeansMethod.MethodId }
        : GmmMethod.With(s, CovarianceType.Diag);

    /// <summary>Rows of all runs of one seed, each method once (a baseline shared by presets is the same computation).</summary>
    public static IReadOnlyList<MetricsRow> SeedRows(IEnumerable<IReadOnlyList<MetricsRow>> runsOfSeed)
    {
        var seen = new HashSet<string>();
        return runsOfSeed.SelectMany(r => r).Where(r => seen.Add(r.Method)).ToList();
    }

    /// <summary>Mean ± standard deviation of every row over the seeds: <paramref name="runs"/> are the runs of the study in
    /// order (seed by seed, presets in Table 1 order), each with its seed and its rows as stored.</summary>
    public static IReadOnlyList<MetricsRow> Aggregate(IEnumerable<(int Seed, IReadOnlyList<MetricsRow> Rows)> runs) =>
        Table2Report.Aggregate(runs.GroupBy(r => r.Seed).Select(g => (g.Key, SeedRows(g.Select(r => r.Rows)))).ToList());

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
}
