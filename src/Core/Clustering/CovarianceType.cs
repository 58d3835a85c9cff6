namespace MusicDashboard.Core.Clustering;

/// <summary>Covariance structure of a Gaussian mixture, as scikit-learn's <c>covariance_type</c>.</summary>
public enum CovarianceType { Full, Diag, Tied, Spherical }
