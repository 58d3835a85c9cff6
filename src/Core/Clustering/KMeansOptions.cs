namespace MusicDashboard.Core.Clustering;

/// <summary>K-Means settings, named and defaulted as scikit-learn 1.2's <c>KMeans(n_clusters, n_init, max_iter, tol, random_state)</c>.</summary>
public sealed record KMeansOptions(int K = 10, int NInit = 10, int MaxIter = 300, double Tol = 1e-4, int Seed = 0);
