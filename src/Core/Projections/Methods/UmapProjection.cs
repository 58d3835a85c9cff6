namespace MusicDashboard.Core.Projections.Methods;

/// <summary>UMAP (<see cref="Umap"/>, umap-learn 0.5's defaults: n_neighbors 15, min_dist 0.1, 500 epochs up to
/// 10 000 points). Sets of 15 points or fewer use n_neighbors = n - 1, as umap-learn truncates.</summary>
public sealed class UmapProjection(int nNeighbors = 15, double minDist = 0.1) : IProjectionMethod
{
    public const string MethodId = "umap";

    /// <summary>Neighbours per point, the point itself included (umap's n_neighbors): larger keeps more global structure.</summary>
    public int NNeighbors { get; } = nNeighbors >= 2 ? nNeighbors : throw new ArgumentException($"n_neighbors must be at least 2, got {nNeighbors}", nameof(nNeighbors));
    /// <summary>How tightly points may pack in the plot (umap's min_dist, 0 to 1).</summary>
    public double MinDist { get; } = minDist is >= 0 and <= 1 ? minDist : throw new ArgumentException($"min_dist must be between 0 and 1, got {minDist}", nameof(minDist));

    public string Id => MethodId;
    public string Label => "UMAP";
    public string Help => $"non-linear, keeps neighbourhoods and more of the global layout than t-SNE (n_neighbors {NNeighbors}, min_dist {MinDist:0.##}); seconds for thousands of points";

    public (double[][] Points, double? KlDivergence) Project(double[][] x, int seed, CancellationToken ct)
    {
        if (x.Length < 5) throw new ArgumentException($"UMAP needs at least 5 points, got {x.Length}", nameof(x));
        var options = new UmapOptions(NNeighbors: Math.Min(NNeighbors, x.Length - 1), MinDist: MinDist, Seed: seed);
        return (Umap.Fit(x, options, ct).Embedding, null);
    }
}
