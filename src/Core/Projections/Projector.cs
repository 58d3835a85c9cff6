namespace MusicDashboard.Core.Projections;

/// <summary>2-D projection methods for the latent view.</summary>
public enum ProjectionMethod { Pca, Tsne }

/// <summary>A projection with its quality: trustworthiness at k = 10 (null when there are too few points, n &lt;= 20)
/// and, for t-SNE, the final KL divergence.</summary>
public sealed record ProjectionResult(double[][] Points, double? Trustworthiness, double? KlDivergence);

/// <summary>The projection stage: rows to 2-D points for the scatter plots (deterministic for a seed).</summary>
public static class Projector
{
    public static double[][] Project(double[][] x, ProjectionMethod method, int seed, CancellationToken ct = default) =>
        Run(x, method, seed, ct).Points;

    /// <summary>Projects and measures trustworthiness (k = 10, as scikit-learn's trustworthiness).</summary>
    public static ProjectionResult ProjectWithQuality(double[][] x, ProjectionMethod method, int seed, CancellationToken ct = default)
    {
        var (points, kl) = Run(x, method, seed, ct);
        double? trust = x.Length > 20 ? Trustworthiness.Compute(x, points, 10) : null;
        return new ProjectionResult(points, trust, kl);
    }

    private static (double[][] Points, double? Kl) Run(double[][] x, ProjectionMethod method, int seed, CancellationToken ct)
    {
        switch (method)
        {
            case ProjectionMethod.Pca:
                return (Pca.Fit(x, 2).Transform(x), null);
            case ProjectionMethod.Tsne:
                if (x.Length < 5) throw new ArgumentException($"t-SNE needs at least 5 points, got {x.Length}", nameof(x));
                // sklearn's default perplexity 30 needs more than 30 points; small sets get a third of their size.
                var perplexity = Math.Min(30.0, (x.Length - 1) / 3.0);
                var result = Tsne.Fit(x, new TsneOptions(Perplexity: perplexity, Seed: seed), ct);
                return (result.Embedding, result.KlDivergence);
            default:
                throw new NotSupportedException($"projection {method} is not available in this build");
        }
    }
}
