using MusicDashboard.Core.Registries;
namespace MusicDashboard.Core.Clustering.Methods;

/// <summary>
/// A clustering method as the rest of the project sees it. One sealed class per method in this folder, listed once in
/// <see cref="ClusteringMethods"/>: the run configs, the API, the CLI's <c>cluster</c> verb, the form, K sweeps and the
/// table labels all read it from there, so adding a method is one file here (plus its algorithm and tests).
/// </summary>
public interface IClusteringMethod : IRegistryEntry
{
    /// <summary>Short name closing a row's method name ("Raw MFCC + Ward").</summary>
    string Name { get; }
    /// <summary>Name in menus ("Gaussian mixture (GMM)").</summary>
    string Title { get; }
    /// <summary>Whether the method is told the number of clusters K (density methods find it themselves).</summary>
    bool UsesK { get; }
    /// <summary>Whether the method leaves points unassigned (label -1, "noise").</summary>
    bool FindsNoise { get; }
    /// <summary>The method's own parameters (K aside), in the order forms and help show them.</summary>
    IReadOnlyList<ClusteringParameter> Parameters { get; }
    /// <summary>The label of a clustering for tables: "KMeans", "GMM (diag)", "DBSCAN (eps 0.5, min 5)".</summary>
    string Label(ClusteringSettings settings);
    /// <summary>Clusters the already-scaled rows; <paramref name="settings"/> have been validated.</summary>
    ClusterAssignment Fit(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct);
}
