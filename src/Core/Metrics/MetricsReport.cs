namespace MusicDashboard.Core.Metrics;

/// <summary>
/// Every metric of a labelling, by the names the command line and the exports use. A metric that is undefined for the
/// input (one cluster for the intrinsic ones, as scikit-learn refuses) is left out and its reason listed instead.
/// Noise points (label -1, from DBSCAN) are scored as one more cluster, as scikit-learn's functions do; their count is
/// reported as "noise_points" so a reader knows. With <c>silhouetteSampleSize</c> the silhouette is sklearn's sampled one
/// (<c>sample_size</c>, <c>random_state = seed</c>) and is named "silhouette_sampled".
/// </summary>
public sealed record MetricsReport(IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, string> Undefined)
{
    public static MetricsReport Compute(double[][] x, int[] predicted, int[]? truth, int? silhouetteSampleSize = null, uint silhouetteSeed = 0)
    {
        if (x.Length != predicted.Length) throw new ArgumentException($"{x.Length} rows but {predicted.Length} predicted labels");
        if (truth is not null && truth.Length != predicted.Length) throw new ArgumentException($"{truth.Length} true labels but {predicted.Length} predicted");
        var values = new Dictionary<string, double>();
        var undefined = new Dictionary<string, string>();
        void Try(string name, Func<double> metric)
        {
            try { values[name] = metric(); }
            catch (ArgumentException e) { undefined[name] = e.Message; }
        }
        if (silhouetteSampleSize is { } size && size < x.Length)
            Try("silhouette_sampled", () => ClusteringMetrics.SilhouetteSampled(x, predicted, size, silhouetteSeed));
        else Try("silhouette", () => ClusteringMetrics.Silhouette(x, predicted));
        Try("davies_bouldin", () => ClusteringMetrics.DaviesBouldin(x, predicted));
        Try("calinski_harabasz", () => ClusteringMetrics.CalinskiHarabasz(x, predicted));
        if (truth is not null)
        {
            Try("ari", () => ClusteringMetrics.AdjustedRandIndex(truth, predicted));
            Try("nmi", () => ClusteringMetrics.NormalizedMutualInfo(truth, predicted));
            Try("purity", () => ClusteringMetrics.Purity(truth, predicted));
            Try("ami", () => ClusteringMetrics.AdjustedMutualInfo(truth, predicted));
            var hcv = ClusteringMetrics.HomogeneityCompletenessVMeasure(truth, predicted);
            values["homogeneity"] = hcv.Homogeneity;
            values["completeness"] = hcv.Completeness;
            values["v_measure"] = hcv.VMeasure;
            Try("accuracy", () => ClusteringMetrics.ClusterAccuracy(truth, predicted));
        }
        var noise = predicted.Count(l => l == -1);
        if (noise > 0) values["noise_points"] = noise;
        return new MetricsReport(values, undefined);
    }
}
