namespace MusicDashboard.Core.Clustering.Methods;

/// <summary>K-Means (<see cref="KMeans"/>, scikit-learn's k-means++ and Lloyd), best of n_init restarts by inertia.</summary>
public sealed class KMeansMethod : IClusteringMethod
{
    public const string MethodId = "kMeans";

    /// <summary>Restarts, shared with the GMM (same key, same value in a config).</summary>
    public static readonly ClusteringParameter NInit = new("nInit", "n_init", "Restarts",
        "restarts; the best one (lowest inertia, highest likelihood for a GMM) is kept", 10) { Min = 1, Max = 1000, Integer = true };

    public string Id => MethodId;
    public string Name => "KMeans";
    public string Title => "K-Means";
    public bool UsesK => true;
    public bool FindsNoise => false;
    public IReadOnlyList<ClusteringParameter> Parameters { get; } = [NInit];

    public string Label(ClusteringSettings settings) => "KMeans";

    public ClusterAssignment Fit(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct)
    {
        var km = KMeans.Fit(x, new KMeansOptions(K: settings.K, NInit: (int)settings.Value(NInit), Seed: seed), ct);
        return new ClusterAssignment(km.Labels, settings) { Inertia = km.Inertia };
    }
}
