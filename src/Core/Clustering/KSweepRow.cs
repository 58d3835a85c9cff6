namespace MusicDashboard.Core.Clustering;

/// <summary>One K of a sweep: the intrinsic scores (null where undefined, e.g. a K the method could not produce),
/// K-Means inertia, and GMM BIC / AIC (lower is better) when the method is a mixture.</summary>
public sealed record KSweepRow(int K, int Clusters, double? Silhouette, double? DaviesBouldin, double? CalinskiHarabasz,
    double? Inertia, double? Bic, double? Aic, double Seconds);
