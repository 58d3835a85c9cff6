namespace MusicDashboard.Core.Projections.Methods;

/// <summary>The first two principal components (<see cref="Pca"/>, scikit-learn's signs).</summary>
public sealed class PcaProjection : IProjectionMethod
{
    public const string MethodId = "pca";

    public string Id => MethodId;
    public string Label => "PCA";
    public string Help => "linear, fast and stable: the two directions of largest variance (what training-time snapshots use)";

    public (double[][] Points, double? KlDivergence) Project(double[][] x, int seed, CancellationToken ct) => (Pca.Fit(x, 2).Transform(x), null);
}
