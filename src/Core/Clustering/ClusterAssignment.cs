namespace MusicDashboard.Core.Clustering;

/// <summary>
/// A clustering: one label per row (0..K-1; DBSCAN and HDBSCAN mark noise points -1). GMM fills the mean log-likelihood
/// and BIC/AIC.
/// </summary>
public sealed record ClusterAssignment(int[] Labels, ClusteringSettings Settings, double? LogLikelihood = null, double? Bic = null, double? Aic = null)
{
    /// <summary>K-Means only: summed squared distance of the points to their centres.</summary>
    public double? Inertia { get; init; }

    /// <summary>Points left as noise (label -1) by a density method; 0 for the others.</summary>
    public int NoiseCount => Labels.Count(l => l < 0);
}
