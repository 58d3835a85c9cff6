namespace MusicDashboard.Core.Projections.Methods;

/// <summary>Barnes-Hut t-SNE (<see cref="Tsne"/>, scikit-learn's defaults). sklearn's default perplexity 30 needs more
/// than 90 points; smaller sets get a third of their size.</summary>
public sealed class TsneProjection : IProjectionMethod
{
    public const string MethodId = "tsne";

    public string Id => MethodId;
    public string Label => "t-SNE";
    public string Help => "non-linear, keeps neighbourhoods rather than distances; seconds to minutes for thousands of points";

    public (double[][] Points, double? KlDivergence) Project(double[][] x, int seed, CancellationToken ct)
    {
        if (x.Length < 5) throw new ArgumentException($"t-SNE needs at least 5 points, got {x.Length}", nameof(x));
        var perplexity = Math.Min(30.0, (x.Length - 1) / 3.0);
        var result = Tsne.Fit(x, new TsneOptions(Perplexity: perplexity, Seed: seed), ct);
        return (result.Embedding, result.KlDivergence);
    }
}
