using MusicDashboard.Core.Registries;

namespace MusicDashboard.Core.Clustering.Methods;

/// <summary>
/// The registry of clustering methods: the one list every consumer (pipeline, K sweep, run config validation, CLI, API,
/// form) reads. Add a method by writing its class in this folder and listing it here.
/// </summary>
public static class ClusteringMethods
{
    private static readonly Registry<IClusteringMethod> Entries = new("clustering method", [new KMeansMethod(), new GmmMethod(), new WardMethod(), new DbscanMethod(), new HdbscanMethod()]);

    public static IReadOnlyList<IClusteringMethod> All => Entries.All;

    /// <summary>The method a run config gets when it names none.</summary>
    public static IClusteringMethod Default => All[0];

    /// <summary>The method with this id (any case: "kmeans" finds "kMeans", as the CLI and old configs spell it).</summary>
    public static bool TryGet(string? id, out IClusteringMethod method) => Entries.TryGet(id, out method);

    public static IClusteringMethod Get(string? id) => Entries.Get(id);

    /// <summary>"kMeans, gmm, agglomerative, dbscan, hdbscan".</summary>
    public static string Available => Entries.Available;

    /// <summary>Every parameter of every method, once per key (methods sharing a key, e.g. n_init, share its value).</summary>
    public static IReadOnlyList<ClusteringParameter> AllParameters { get; } =
        All.SelectMany(m => m.Parameters).DistinctBy(p => p.Key).ToList();
}
