namespace MusicDashboard.Core.Clustering;

/// <summary>Gaussian mixture settings, named and defaulted as scikit-learn 1.2's <c>GaussianMixture(n_components,
/// covariance_type, tol, reg_covar, max_iter, n_init, init_params="kmeans", random_state)</c>.</summary>
public sealed record GmmOptions(int K = 10, CovarianceType Covariance = CovarianceType.Full, double RegCovar = 1e-6,
    int NInit = 1, int MaxIter = 100, double Tol = 1e-3, int Seed = 0);
