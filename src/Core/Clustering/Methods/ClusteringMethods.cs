namespace MusicDashboard.Core.Clustering.Methods;

/// <summary>
/// The registry of clustering methods: the one list every consumer (pipeline, K sweep, run config validation, CLI, API,
/// form) reads. Add a method by writing its class in this folder and listing it here.
/// </summary>
public static class ClusteringMethods
{
    public static IReadOnlyList<IClusteringMethod> All { get; } =
        [new KMeansMethod(), new GmmMethod(), new WardMethod(), new DbscanMethod(), new HdbscanMethod()];

    /// <summary>The method a run config gets when it names none.</summary>
    public static IClusteringMethod Default => All[0];

    /// <summary>The method with this id (any case: "kmeans" finds "kMeans", as the CLI and old configs spell it).</summary>
    public static bool TryGet(string? id, out IClusteringMethod method)
    {
        method = All.FirstOrDefault(m => string.Equals(m.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return method is not null;
    }

    public static IClusteringMethod Get(string? id) => TryGet(id, out var method)
        ? method
        : throw new ArgumentException($"unknown clustering method '{id}' (available: {Available})", nameof(id));

    /// <summary>"kMeans, gmm, agglomerative, dbscan, hdbscan".</summary>
    public static string Available => string.Join(", ", All.Select(m => m.Id));

    /// <summary>Every parameter of every method, once per key (methods sharing a key, e.g. n_init, share its value).</summary>
    public static IReadOnlyList<ClusteringParameter> AllParameters { get; } =
        All.SelectMany(m => m.Parameters).DistinctBy(p => p.Key).ToList();
}
