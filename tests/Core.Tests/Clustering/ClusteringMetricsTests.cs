using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Core.Tests.Clustering;

public class ClusteringMetricsTests
{
    /// <summary>Relative agreement, with an absolute floor for values near zero (a random labelling's ARI is ~1e-3).</summary>
    internal static void Close(double expected, double actual, double rel = 1e-9, double abs = 1e-12, string what = "")
    {
        var tolerance = Math.Max(abs, rel * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:E2})");
    }

    public static TheoryData<string, string> Labelings() => SklearnFixtures.Labelings();

    [Theory]
    [MemberData(nameof(Labelings))]
    public void IntrinsicScoresMatchScikitLearn(string dataset, string labeling)
    {
        var data = SklearnFixtures.Load(dataset);
        var l = data.Labeling(labeling);
        Close(l.Silhouette!.Value, ClusteringMetrics.Silhouette(data.X, l.Labels), what: "silhouette");
        Close(l.DaviesBouldin!.Value, ClusteringMetrics.DaviesBouldin(data.X, l.Labels), what: "davies-bouldin");
        Close(l.CalinskiHarabasz!.Value, ClusteringMetrics.CalinskiHarabasz(data.X, l.Labels), what: "calinski-harabasz");
    }

    [Theory]
    [MemberData(nameof(Labelings))]
    public void ExtrinsicScoresMatchScikitLearn(string dataset, string labeling)
    {
        var data = SklearnFixtures.Load(dataset);
        var l = data.Labeling(labeling);
        Close(l.Ari, ClusteringMetrics.AdjustedRandIndex(data.Truth, l.Labels), what: "ari");
        Close(l.Nmi, ClusteringMetrics.NormalizedMutualInfo(data.Truth, l.Labels), what: "nmi");
        Close(l.Purity, ClusteringMetrics.Purity(data.Truth, l.Labels), what: "purity");
    }

    [Fact]
    public void ScoresRowFillsExtrinsicScoresOnlyWithTruth()
    {
        var data = SklearnFixtures.Load("aniso_unequal");
        var l = data.Labeling("sklearn_kmeans");
        var blind = MetricsRow.Score("m", "MFCC", "KMeans", 3, data.X, l.Labels, null);
        Assert.Null(blind.Ari);
        Assert.Null(blind.Nmi);
        Assert.Null(blind.Purity);
        Close(l.Silhouette!.Value, blind.Silhouette);
        Close(l.DaviesBouldin!.Value, blind.DaviesBouldin);
        Close(l.CalinskiHarabasz!.Value, blind.CalinskiHarabasz);

        var full = MetricsRow.Score("m", "MFCC", "KMeans", 3, data.X, l.Labels, data.Truth);
        Close(l.Ari, full.Ari!.Value);
        Close(l.Nmi, full.Nmi!.Value);
        Close(l.Purity, full.Purity!.Value);
        Assert.Throws<ArgumentException>(() => MetricsRow.Score("m", "MFCC", "KMeans", 3, data.X, l.Labels, data.Truth[1..]));
    }

    [Fact]
    public void IntrinsicScoresRefuseOneClusterOrOnePerPointWithSklearnsMessage()
    {
        double[][] x = [[0, 0], [1, 0], [0, 1], [5, 5]];
        var one = Assert.Throws<ArgumentException>(() => ClusteringMetrics.Silhouette(x, [3, 3, 3, 3]));
        Assert.StartsWith("Number of labels is 1. Valid values are 2 to n_samples - 1 (inclusive)", one.Message);
        var all = Assert.Throws<ArgumentException>(() => ClusteringMetrics.DaviesBouldin(x, [0, 1, 2, 3]));
        Assert.StartsWith("Number of labels is 4.", all.Message);
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.CalinskiHarabasz(x, [7, 7, 7, 7]));
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.Silhouette(x, [0, 1, 0]));
        var nan = Assert.Throws<ArgumentException>(() => ClusteringMetrics.Silhouette([[0, 0], [1, double.NaN], [2, 2]], [0, 1, 1]));
        Assert.Contains("row 1", nan.Message);
    }

    [Fact]
    public void SingletonClustersScoreZeroInSilhouette()
    {
        // Reference: sklearn silhouette_samples gives [0.8586, 0.8438, 0, 0]; the two singletons count as 0 in the mean.
        double[][] x = [[0, 0], [0, 1], [5, 5], [9, 9]];
        Close(0.4256012204685211, ClusteringMetrics.Silhouette(x, [0, 0, 1, 2]));
        var samples = ClusteringMetrics.SilhouetteSamples(x, [0, 0, 1, 2]);
        Assert.Equal(0.0, samples[2]);
        Assert.Equal(0.0, samples[3]);
    }

    [Fact]
    public void CoincidentPointsGiveSklearnsConventionalValues()
    {
        // All points identical: silhouette's 0/0 becomes 0, DB returns 0 for zero spreads, CH returns 1 for zero dispersion.
        double[][] same = [[1, 1], [1, 1], [1, 1], [1, 1]];
        Assert.Equal(0.0, ClusteringMetrics.Silhouette(same, [0, 0, 1, 1]));
        Assert.Equal(0.0, ClusteringMetrics.DaviesBouldin(same, [0, 0, 1, 1]));
        Assert.Equal(1.0, ClusteringMetrics.CalinskiHarabasz(same, [0, 0, 1, 1]));
        // Two tight pairs: perfect silhouette, zero DB (no spread), CH 1 because the within dispersion is exactly 0.
        double[][] pairs = [[0, 0], [0, 0], [1, 1], [1, 1]];
        Assert.Equal(1.0, ClusteringMetrics.Silhouette(pairs, [0, 0, 1, 1]));
        Assert.Equal(0.0, ClusteringMetrics.DaviesBouldin(pairs, [0, 0, 1, 1]));
        Assert.Equal(1.0, ClusteringMetrics.CalinskiHarabasz(pairs, [0, 0, 1, 1]));
    }

    [Fact]
    public void PartitionScoresFollowSklearnsSpecialCases()
    {
        // Examples from sklearn's docstrings.
        Assert.Equal(-0.5, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]));
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0]));
        Close(0.5714285714285714, ClusteringMetrics.AdjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1]));
        Assert.Equal(0.0, ClusteringMetrics.NormalizedMutualInfo([0, 0, 0, 0], [0, 1, 2, 3]));
        // Both labellings a single cluster: a perfect (trivial) match; empty labellings likewise.
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInfo([1, 1, 1], [2, 2, 2]));
        Assert.Equal(0.0, ClusteringMetrics.NormalizedMutualInfo([1, 1, 1], [0, 1, 2]));
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInfo([], []));
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex([], []));
        // Every point its own cluster in both: no pair is together anywhere, so no disagreement either.
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex([5, 6, 7], [0, 1, 2]));
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.AdjustedRandIndex([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.Purity([], []));
    }

    [Fact]
    public void PairCountsDoNotOverflowOnLargeLabellings()
    {
        // n = 100000: n^2 and the pair products exceed what doubles hold exactly and (for the products) 64 bits.
        // Reference values from sklearn 1.2.1 on the same labellings; the NMI is tiny, so the epsilon clipping of
        // mutual-information terms matters too.
        var truth = Enumerable.Range(0, 100_000).Select(i => i / 3 % 7).ToArray();
        var pred = Enumerable.Range(0, 100_000).Select(i => i * 13 % 5).ToArray();
        Close(-4.7989063449127345e-05, ClusteringMetrics.AdjustedRandIndex(truth, pred), abs: 1e-15);
        Close(1.929529022359613e-08, ClusteringMetrics.NormalizedMutualInfo(truth, pred), rel: 1e-6, abs: 1e-15);
    }

    [Fact]
    public void PurityAndContingencyUseSortedArbitraryLabels()
    {
        int[] truth = [-1, -1, -1, 9, 9, 9];
        int[] pred = [4, 4, 2, 2, 2, 2];
        Assert.Equal(5.0 / 6.0, ClusteringMetrics.Purity(truth, pred));
        var table = ClusteringMetrics.Contingency(truth, pred, out var classes, out var clusters);
        Assert.Equal([-1, 9], classes);
        Assert.Equal([2, 4], clusters);
        Assert.Equal(new[,] { { 1, 2 }, { 3, 0 } }, table);
    }

    [Fact]
    public void IntrinsicScoresIgnoreATranslationFarFromTheOrigin()
    {
        // Distances here come from coordinate differences, so moving the data to 1e4 changes the scores only at rounding
        // level; sklearn's |x|^2 + |y|^2 - 2x.y expansion loses about eight digits in the same situation.
        var data = SklearnFixtures.Load("aniso_unequal");
        var labels = data.Labeling("sklearn_kmeans").Labels;
        var moved = data.X.Select(r => r.Select(v => v + 1e4).ToArray()).ToArray();
        Close(ClusteringMetrics.Silhouette(data.X, labels), ClusteringMetrics.Silhouette(moved, labels), rel: 1e-10);
        Close(ClusteringMetrics.DaviesBouldin(data.X, labels), ClusteringMetrics.DaviesBouldin(moved, labels), rel: 1e-10);
        Close(ClusteringMetrics.CalinskiHarabasz(data.X, labels), ClusteringMetrics.CalinskiHarabasz(moved, labels), rel: 1e-10);
    }

    [Fact]
    public void RenumberingLabelsChangesNoScore()
    {
        var data = SklearnFixtures.Load("noncontiguous_labels");
        var pred = data.Labeling("noise_minus1").Labels;
        var renamed = pred.Select(l => l * -17 + 1000).ToArray();
        Assert.Equal(ClusteringMetrics.Silhouette(data.X, pred), ClusteringMetrics.Silhouette(data.X, renamed), 12);
        Assert.Equal(ClusteringMetrics.DaviesBouldin(data.X, pred), ClusteringMetrics.DaviesBouldin(data.X, renamed), 12);
        Assert.Equal(ClusteringMetrics.AdjustedRandIndex(data.Truth, pred), ClusteringMetrics.AdjustedRandIndex(data.Truth, renamed), 12);
        Assert.Equal(ClusteringMetrics.NormalizedMutualInfo(data.Truth, pred), ClusteringMetrics.NormalizedMutualInfo(data.Truth, renamed), 12);
    }
}
