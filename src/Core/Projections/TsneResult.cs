namespace MusicDashboard.Core.Projections;

/// <summary>The 2-D embedding, the KL divergence of the final iteration (Barnes-Hut estimate, as sklearn's
/// kl_divergence_) and the iterations run.</summary>
public sealed record TsneResult(double[][] Embedding, double KlDivergence, int Iterations);
