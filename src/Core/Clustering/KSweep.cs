using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Core.Clustering;

/// <summary>
/// Clusters the same (already scaled) rows for every K in a range with the configured method and scores each, to help
/// pick K: look for a silhouette peak, a Davies-Bouldin dip, the BIC minimum for GMM, the inertia elbow for K-Means.
/// With <c>silhouetteSampleSize</c> the silhouette is sklearn's sampled one (seeded), for large N.
/// </summary>
public static class KSweep
{
    public static IReadOnlyList<KSweepRow> Run(double[][] x, ClusteringSettings settings, int kMin, int kMax, int seed,
        int? silhouetteSampleSize = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var method = ClusteringMethods.Get(settings.Method);
        if (!method.UsesK)
            throw new ArgumentException($"{method.Name} has no K to sweep (it finds the number of clusters from {string.Join(" and ", method.Parameters.Select(p => p.Name))})", nameof(settings));
        if (kMin < 2 || kMax < kMin) throw new ArgumentException($"the K range must satisfy 2 <= min <= max, got {kMin}..{kMax}", nameof(kMin));
        if (kMax > x.Length - 1) throw new ArgumentException($"K up to {kMax} needs more than {kMax} points, there are {x.Length}", nameof(kMax));
        var rows = new List<KSweepRow>();
        for (var k = kMin; k <= kMax; k++)
        {
            ct.ThrowIfCancellationRequested();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var a = Clusterer.Fit(x, settings with { K = k }, seed, ct);
            var report = MetricsReport.Compute(x, a.Labels, null, silhouetteSampleSize, (uint)seed);
            double? Get(string name) => report.Values.TryGetValue(name, out var v) ? v : null;
            rows.Add(new KSweepRow(k, a.Labels.Distinct().Count(), Get("silhouette") ?? Get("silhouette_sampled"), Get("davies_bouldin"),
                Get("calinski_harabasz"), a.Inertia, a.Bic, a.Aic, watch.Elapsed.TotalSeconds));
        }
        return rows;
    }
}
