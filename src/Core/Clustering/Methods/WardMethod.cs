namespace MusicDashboard.Core.Clustering.Methods;

/// <summary>Agglomerative clustering with Ward's criterion (<see cref="Agglomerative.Ward"/>), the tree cut into K.</summary>
public sealed class WardMethod : IClusteringMethod
{
    public const string MethodId = "agglomerative";

    public string Id => MethodId;
    public string Name => "Ward";
    public string Title => "Agglomerative (Ward)";
    public bool UsesK => true;
    public bool FindsNoise => false;
    public IReadOnlyList<ClusteringParameter> Parameters { get; } = [];

    public string Label(ClusteringSettings settings) => "Ward";

    public ClusterAssignment Fit(double[][] x, ClusteringSettings settings, int seed, CancellationToken ct) =>
        new(Agglomerative.Ward(x, settings.K, ct), settings);
}
