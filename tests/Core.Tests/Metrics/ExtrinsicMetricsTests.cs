using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Tests.Clustering;

namespace MusicDashboard.Core.Tests.Metrics;

/// <summary>AMI, homogeneity / completeness / V-measure, Hungarian accuracy, linear_sum_assignment and the sampled
/// silhouette against scikit-learn 1.2.1 and scipy 1.10.1 (tests/fixtures/sklearn/metrics_extra.json).</summary>
public class ExtrinsicMetricsTests
{
    private static readonly System.Text.Json.JsonElement Doc = FixtureJson.Load("metrics_extra");

    public static TheoryData<string> Pairs()
    {
        var data = new TheoryData<string>();
        foreach (var p in Doc.GetProperty("pairs").EnumerateArray()) data.Add(p.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void ExtrinsicScoresAreSklearns(string name)
    {
        var p = Doc.GetProperty("pairs").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var t = p.GetProperty("truth").Ints();
        var y = p.GetProperty("pred").Ints();
        FixtureJson.Close(p.GetProperty("ami").GetDouble(), ClusteringMetrics.AdjustedMutualInfo(t, y), 1e-9, name + " ami");
        FixtureJson.Close(p.GetProperty("nmi").GetDouble(), ClusteringMetrics.NormalizedMutualInfo(t, y), 1e-12, name + " nmi");
        FixtureJson.Close(p.GetProperty("ari").GetDouble(), ClusteringMetrics.AdjustedRandIndex(t, y), 1e-12, name + " ari");
        var (h, c, v) = ClusteringMetrics.HomogeneityCompletenessVMeasure(t, y);
        FixtureJson.Close(p.GetProperty("homogeneity").GetDouble(), h, 1e-12, name + " homogeneity");
        FixtureJson.Close(p.GetProperty("completeness").GetDouble(), c, 1e-12, name + " completeness");
        FixtureJson.Close(p.GetProperty("v_measure").GetDouble(), v, 1e-12, name + " v_measure");
        Assert.Equal(p.GetProperty("accuracy").GetDouble(), ClusteringMetrics.ClusterAccuracy(t, y), 15);
    }

    [Fact]
    public void LinearSumAssignmentIsScipys()
    {
        foreach (var a in Doc.GetProperty("assignments").EnumerateArray())
        {
            var m = a.GetProperty("cost").Matrix();
            var cost = new double[m.Length, m[0].Length];
            for (var i = 0; i < m.Length; i++)
                for (var j = 0; j < m[0].Length; j++) cost[i, j] = m[i][j];
            var (rows, cols) = LinearSumAssignment.Solve(cost);
            Assert.Equal(a.GetProperty("rows").Ints(), rows);
            Assert.Equal(a.GetProperty("cols").Ints(), cols);
            Assert.Equal(a.GetProperty("min").GetDouble(), rows.Select((r, t) => cost[r, cols[t]]).Sum(), 9);
            var (rMax, cMax) = LinearSumAssignment.Solve(cost, maximize: true);
            Assert.Equal(a.GetProperty("max_cols").Ints(), cMax);
            Assert.Equal(a.GetProperty("max").GetDouble(), rMax.Select((r, t) => cost[r, cMax[t]]).Sum(), 9);
        }
        Assert.Throws<ArgumentException>(() => LinearSumAssignment.Solve(new[,] { { 1.0, double.NaN } }));
    }

    [Fact]
    public void SampledSilhouetteDrawsSklearnsSampleAndValue()
    {
        var x = Doc.GetProperty("silhouette_X").Matrix();
        var labels = Doc.GetProperty("silhouette_labels").Ints();
        foreach (var s in Doc.GetProperty("sampled_silhouette").EnumerateArray())
        {
            var size = s.GetProperty("sample_size").GetInt32();
            var seed = (uint)s.GetProperty("seed").GetInt32();
            Assert.Equal(s.GetProperty("indices").Ints(), new NumpyRandom(seed).Permutation(x.Length).Take(size).ToArray());
            FixtureJson.Close(s.GetProperty("silhouette").GetDouble(), ClusteringMetrics.SilhouetteSampled(x, labels, size, seed), 1e-12, $"sampled silhouette {size}/{seed}");
        }
    }

    [Fact]
    public void ContingencyTableForTheDashboard()
    {
        var table = ClusteringMetrics.ContingencyTable([0, 0, 1, 1, 1], [-1, 5, 5, 5, 2]);
        Assert.Equal(new[] { 0, 1 }, table.Classes);
        Assert.Equal(new[] { -1, 2, 5 }, table.Clusters);
        Assert.Equal(1, table.Counts[0, 0]);
        Assert.Equal(2, table.Counts[1, 2]);
        Assert.Equal(5, table.Total);
    }

    [Fact]
    public void DegenerateInputsHaveDefinedResultsOrClearErrors()
    {
        // One cluster everywhere: sklearn's conventions.
        int[] ones = [0, 0, 0, 0];
        Assert.Equal(1.0, ClusteringMetrics.AdjustedMutualInfo(ones, ones));
        Assert.Equal((1.0, 1.0, 1.0), ClusteringMetrics.HomogeneityCompletenessVMeasure(ones, ones));
        Assert.Equal(1.0, ClusteringMetrics.ClusterAccuracy(ones, ones));
        // Identical points in two clusters: silhouette 0 (0/0 -> 0), Davies-Bouldin 0, Calinski-Harabasz 1, as sklearn.
        var same = Enumerable.Repeat(new[] { 1.0, 2.0 }, 6).ToArray();
        int[] two = [0, 0, 0, 1, 1, 1];
        Assert.Equal(0.0, ClusteringMetrics.Silhouette(same, two));
        Assert.Equal(0.0, ClusteringMetrics.DaviesBouldin(same, two));
        Assert.Equal(1.0, ClusteringMetrics.CalinskiHarabasz(same, two));
        // NaN: a clear error naming the row and feature.
        var nan = new[] { new[] { 0.0 }, new[] { double.NaN }, new[] { 1.0 } };
        var e = Assert.Throws<ArgumentException>(() => ClusteringMetrics.Silhouette(nan, [0, 1, 1]));
        Assert.Contains("row 1, feature 0 is NaN", e.Message);
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.ClusterAccuracy([], []));
    }

    [Fact]
    public void ScoresCarryTheExtraMetricsWithoutChangingTable2()
    {
        var x = Doc.GetProperty("silhouette_X").Matrix();
        var labels = Doc.GetProperty("silhouette_labels").Ints();
        var scores = MetricsRow.Score("m", "MFCC", "KMeans", 2, x, labels, labels);
        Assert.Equal(1.0, scores.Ami!.Value, 12);
        Assert.Equal(1.0, scores.Accuracy!.Value);
        Assert.Null(MetricsRow.Score("m", "MFCC", "KMeans", 2, x, labels, null).Ami);
        var report = MetricsReport.Compute(x, labels, labels, silhouetteSampleSize: 100, silhouetteSeed: 42);
        Assert.Equal(Doc.GetProperty("sampled_silhouette")[1].GetProperty("silhouette").GetDouble(), report.Values["silhouette_sampled"], 12);
        foreach (var key in new[] { "ami", "homogeneity", "completeness", "v_measure", "accuracy" }) Assert.True(report.Values.ContainsKey(key), key);
    }
}
