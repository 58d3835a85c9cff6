namespace MusicDashboard.Core.Projections;

/// <summary>A projection with its quality: trustworthiness at k = 10 (null when there are too few points, n &lt;= 20)
/// and, for t-SNE, the final KL divergence.</summary>
public sealed record ProjectionResult(double[][] Points, double? Trustworthiness, double? KlDivergence);
