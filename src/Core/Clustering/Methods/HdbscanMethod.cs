namespace MusicDashboard.Core.Clustering.Methods;

/// <summary>HDBSCAN (<see cref="Hdbscan"/>, Campello et al. 2013 as McInnes' hdbscan and R's dbscan::hdbscan): finds the
/// number of clusters from the density hierarchy; noise is -1 and scored as DBSCAN's is (one more group).</summary>
public sealed class HdbscanMethod : IClusteringMethod
{
    public const string MethodId = "hdbscan";

    public static readonly ClusteringParameter MinClusterSize = new("minClusterSize", "min_cluster_size", "HDBSCAN min_cluster_size",
        "smallest group of points that counts as a cluster; smaller groups splitting off are noise", 5) { Min = 2, Max = 100000, Integer = true };

    public static readonly ClusteringParameter MinSamples = new("minSamples", "min_samples", "HDBSCAN min_samples",
        "neighbours, the point itself included, whose distance makes a point's core distance; higher = more conservative, more noise",
        5) { Min = 1, Max = 100000, Integer = true, DefaultKey = "minClusterSize" };

    public string Id => MethodId;
    public string Name => "HDBSCAN";
    public string Title => "HDBSCAN";
    public bool UsesK => false;
    public bool FindsNoise => true;
    public IReadOnlyList<ClusteringParameter> Parameters { get; } = [MinClusterSize, MinSamples];

    public string Label(ClusteringSettings settings)
    {
        var size = settings.Value(MinClusterSize);
        var samples = settings.Value(MinSamples);
        return samples == size ? $"HDBSCAN (min cluster {size})" : $"HDBSCAN (min cluster {size}, min samples {samples})";
    }

    public ClusterAssignment Fit(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct)
    {
        var size = (int)settings.Value(MinClusterSize);
        var samples = (int)settings.Value(MinSamples);
        var labels = Hdbscan.Fit(x, size, samples, ct);
        if (labels.All(l => l < 0))
            throw new ArgumentException($"HDBSCAN with min_cluster_size {size} and min_samples {samples} found no cluster in {x.Length} points " +
                "(all noise): lower min_cluster_size or min_samples", nameof(settings));
        return new ClusterAssignment(labels, settings);
    }
}
