using System.Globalization;

namespace MusicDashboard.Core.Clustering.Methods;

/// <summary>DBSCAN (<see cref="Dbscan"/>, scikit-learn's): finds the number of clusters from eps and min_samples and
/// leaves the points no core point reaches as noise (-1), which the scores count as one more group, as sklearn's do.</summary>
public sealed class DbscanMethod : IClusteringMethod
{
    public const string MethodId = "dbscan";

    public static readonly ClusteringParameter Eps = new("eps", "eps", "DBSCAN eps (radius)",
        "neighbourhood radius, in the units of the scaled rows", 0.5) { Min = 0, MinExclusive = true };

    public static readonly ClusteringParameter MinSamples = new("minSamples", "min_samples", "DBSCAN min_samples",
        "points within eps, the point itself included, that make a core point", 5) { Min = 1, Max = 100000, Integer = true };

    public string Id => MethodId;
    public string Name => "DBSCAN";
    public string Title => "DBSCAN";
    public bool UsesK => false;
    public bool FindsNoise => true;
    public IReadOnlyList<ClusteringParameter> Parameters { get; } = [Eps, MinSamples];

    public string Label(ClusteringSettings settings) =>
        string.Create(CultureInfo.InvariantCulture, $"DBSCAN (eps {settings.Value(Eps)}, min {settings.Value(MinSamples)})");

    /// <summary>A useless outcome (everything noise, or one group) is an error naming the settings to change, rather than
    /// a labelling every metric would refuse further down the run.</summary>
    public ClusterAssignment Fit(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct)
    {
        double eps = settings.Value(Eps);
        var minSamples = (int)settings.Value(MinSamples);
        var labels = Dbscan.Fit(x, eps, minSamples, ct);
        if (labels.Distinct().Count() < 2)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"DBSCAN with eps {eps} and min_samples {minSamples} put all {x.Length} points in one group ({(labels[0] < 0 ? "all noise: increase eps or lower min_samples" : "one cluster: decrease eps")})"), nameof(settings));
        return new ClusterAssignment(labels, settings);
    }
}
