using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Core.Tests.Clustering;

/// <summary>Ward, DBSCAN and the MinMax / L2 scalers against scikit-learn 1.2.1 (tests/fixtures/sklearn/hierarchy_density.json).</summary>
public class HierarchyDensityTests
{
    private static readonly System.Text.Json.JsonElement Doc = FixtureJson.Load("hierarchy_density");

    /// <summary>Same partition up to renumbering: the ARI of two labellings is exactly 1 only then.</summary>
    private static void SamePartition(int[] expected, int[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(ClusteringMetrics.AdjustedRandIndex(expected, actual) == 1.0, $"{what}: not sklearn's partition");
    }

    [Theory]
    [InlineData("X", "ward", 2)]
    [InlineData("X", "ward", 3)]
    [InlineData("X", "ward", 4)]
    [InlineData("X5", "ward5", 2)]
    [InlineData("X5", "ward5", 3)]
    [InlineData("X5", "ward5", 5)]
    [InlineData("X5", "ward5", 6)]
    public void WardCutsAreSklearns(string data, string key, int k)
    {
        var x = Doc.GetProperty(data).Matrix();
        var labels = Agglomerative.Ward(x, k);
        Assert.Equal(k, labels.Distinct().Count());
        SamePartition(Doc.GetProperty(key).GetProperty(k.ToString()).Ints(), labels, $"ward {data} K={k}");
    }

    [Theory]
    [InlineData("X", "dbscan")]
    [InlineData("X5", "dbscan5")]
    public void DbscanLabelsAndNoiseAreSklearns(string data, string key)
    {
        var x = Doc.GetProperty(data).Matrix();
        foreach (var entry in Doc.GetProperty(key).EnumerateArray())
        {
            var eps = entry.GetProperty("eps").GetDouble();
            var minSamples = entry.GetProperty("min_samples").GetInt32();
            var expected = entry.GetProperty("labels").Ints();
            var labels = Dbscan.Fit(x, eps, minSamples);
            // sklearn numbers clusters in order of their first core point, as here: identical labels, noise -1 included.
            Assert.Equal(expected, labels);
        }
    }

    [Fact]
    public void DbscanThroughTheClustererMarksTheOutliersAsNoise()
    {
        var x = Doc.GetProperty("X").Matrix();
        var a = Clusterer.Fit(x, new ClusteringSettings { Method = DbscanMethod.MethodId }.With("eps", 1.0).With("minSamples", 10), seed: 0);
        Assert.True(a.NoiseCount >= 2);
        Assert.Equal(-1, a.Labels[^1]);
        Assert.Equal(-1, a.Labels[^2]);
        // Metrics take -1 as one more cluster, as scikit-learn's do, and the report says how many points are noise.
        var report = MetricsReport.Compute(x, a.Labels, null);
        Assert.Equal(a.NoiseCount, report.Values["noise_points"]);
        Assert.True(report.Values.ContainsKey("silhouette"));
    }

    [Fact]
    public void MinMaxAndL2ScalingAreSklearns()
    {
        var x5 = Doc.GetProperty("X5").Matrix();
        var expected = Doc.GetProperty("minmax").Matrix();
        var minmax = Clusterer.Scale(x5, FeatureScaling.MinMax);
        for (var i = 0; i < x5.Length; i++)
            for (var j = 0; j < x5[0].Length; j++) Assert.Equal(expected[i][j], minmax[i][j], 1e-14);

        var rows = x5.Take(20).Append(new double[6]).ToArray();
        var l2Expected = Doc.GetProperty("l2").Matrix();
        var l2 = Clusterer.Scale(rows, FeatureScaling.L2);
        for (var i = 0; i < rows.Length; i++)
            for (var j = 0; j < 6; j++) Assert.Equal(l2Expected[i][j], l2[i][j], 1e-15);
        Assert.All(l2[^1], v => Assert.Equal(0.0, v)); // the zero row stays zero, as sklearn leaves it
    }

    [Fact]
    public void BadSettingsAreNamed()
    {
        var x = Doc.GetProperty("X").Matrix();
        var e = Assert.Throws<ArgumentException>(() => Clusterer.Fit(x, new ClusteringSettings { Method = DbscanMethod.MethodId }.With("eps", 0), 0));
        Assert.Contains("eps", e.Message);
        Assert.Throws<ArgumentException>(() => Agglomerative.Ward(x, x.Length + 1));
        var noise = Assert.Throws<ArgumentException>(() => Clusterer.Fit(x, new ClusteringSettings { Method = DbscanMethod.MethodId }.With("eps", 1e-6), 0));
        Assert.Contains("all noise: increase eps", noise.Message);
    }
}
