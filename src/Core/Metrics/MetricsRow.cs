namespace MusicDashboard.Core.Metrics;

/// <summary>
/// One row of the paper's Table 2: the intrinsic scores (always) and the extrinsic ones against true labels (only when
/// the dataset has them; null otherwise, never a made-up value).
/// </summary>
public sealed record ClusteringScores(double Silhouette, double DaviesBouldin, double CalinskiHarabasz, double? Ari, double? Nmi, double? Purity)
{
    /// <summary>Extrinsic scores beyond the paper's Table 2 (null without true labels): AMI (arithmetic), homogeneity,
    /// completeness, V-measure and Hungarian-matched cluster accuracy.</summary>
    public double? Ami { get; init; }
    public double? Homogeneity { get; init; }
    public double? Completeness { get; init; }
    public double? VMeasure { get; init; }
    public double? Accuracy { get; init; }

    /// <summary>
    /// Scores a clustering of <paramref name="x"/>. Throws <see cref="ArgumentException"/> (sklearn's message) when the
    /// prediction has a single cluster or one cluster per point, where the intrinsic scores are undefined. DBSCAN's noise
    /// label (-1) is scored as one more cluster, exactly as scikit-learn's functions score such labels.
    /// </summary>
    public static ClusteringScores Compute(double[][] x, int[] predicted, int[]? truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        if (truth is not null && truth.Length != predicted.Length)
            throw new ArgumentException($"{predicted.Length} predicted labels but {truth.Length} true labels", nameof(truth));
        var silhouette = ClusteringMetrics.Silhouette(x, predicted);
        var db = ClusteringMetrics.DaviesBouldin(x, predicted);
        var ch = ClusteringMetrics.CalinskiHarabasz(x, predicted);
        if (truth is null) return new ClusteringScores(silhouette, db, ch, null, null, null);
        var (h, c, v) = ClusteringMetrics.HomogeneityCompletenessVMeasure(truth, predicted);
        return new ClusteringScores(silhouette, db, ch,
            ClusteringMetrics.AdjustedRandIndex(truth, predicted),
            ClusteringMetrics.NormalizedMutualInfo(truth, predicted),
            ClusteringMetrics.Purity(truth, predicted))
        {
            Ami = ClusteringMetrics.AdjustedMutualInfo(truth, predicted),
            Homogeneity = h,
            Completeness = c,
            VMeasure = v,
            Accuracy = ClusteringMetrics.ClusterAccuracy(truth, predicted),
        };
    }
}
