namespace MusicDashboard.Core.Clustering;

/// <summary>The best restart: labels, responsibilities (N x K), the model, its lower bound (mean log-likelihood at the
/// last iteration), the iterations it ran and whether it converged within <c>MaxIter</c>.</summary>
public sealed record GmmResult(int[] Labels, double[][] Responsibilities, GmmModel Model, double LowerBound, int Iterations, bool Converged);
