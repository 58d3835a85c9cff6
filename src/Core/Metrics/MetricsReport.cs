namespace MusicDashboard.Core.Metrics;

/// <summary>
/// Every metric of a labelling, by the names the command line and the exports use. A metric that is undefined for the
/// input (one cluster for the intrinsic ones, as scikit-learn refuses) is left out and its reason listed instead.
/// </summary>
public sealed record MetricsReport(IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, string> Undefined)
{
    public static MetricsReport Compute(double[][] x, int[] predicted, int[]? truth)
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
        Try("silhouette", () => ClusteringMetrics.Silhouette(x, predicted));
        Try("davies_bouldin", () => ClusteringMetrics.DaviesBouldin(x, predicted));
        Try("calinski_harabasz", () => ClusteringMetrics.CalinskiHarabasz(x, predicted));
        if (truth is not null)
        {
            Try("ari", () => ClusteringMetrics.AdjustedRandIndex(truth, predicted));
            Try("nmi", () => ClusteringMetrics.NormalizedMutualInfo(truth, predicted));
            Try("purity", () => ClusteringMetrics.Purity(truth, predicted));
        }
        return new MetricsReport(values, undefined);
    }
}
