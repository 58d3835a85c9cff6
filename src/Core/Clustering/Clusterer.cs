using MusicDashboard.Core.Clustering.Methods;

namespace MusicDashboard.Core.Clustering;

/// <summary>The clustering stage: scales rows as configured, then clusters them with the configured method (looked up in
/// <see cref="ClusteringMethods"/>).</summary>
public static class Clusterer
{
    public static double[][] Scale(double[][] x, FeatureScaling scaling) => scaling switch
    {
        FeatureScaling.Standard => StandardScaler.Fit(x).Transform(x),
        FeatureScaling.None => x,
        FeatureScaling.MinMax => MinMaxScaler.Fit(x).Transform(x),
        FeatureScaling.L2 => Normalizer.Transform(x),
        _ => throw new ArgumentOutOfRangeException(nameof(scaling), scaling, "unknown scaling"),
    };

    /// <summary>Clusters the already-scaled rows <paramref name="x"/>.</summary>
    public static ClusterAssignment Fit(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct = default)
    {
        var problems = settings.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(settings));
        return ClusteringMethods.Get(settings.Method).Fit(x, settings, seed, ct);
    }
}
