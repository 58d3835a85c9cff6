using System.Text.Json;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Core.Tests.Clustering;

/// <summary>HDBSCAN against R's dbscan::hdbscan (tests/fixtures/r/hdbscan.json, made by make_hdbscan_fixture.R there):
/// blobs with background noise, varying densities, integer grids full of distance ties, five dimensions.</summary>
public class HdbscanTests
{
    private static readonly JsonElement Doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("r/hdbscan.json"))).RootElement;

    private static JsonElement Case(string name) => Doc.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Doc.GetProperty("cases").EnumerateArray()) data.Add(c.GetProperty("name").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LabelsAreRsUpToRenumberingWithTheSameNoise(string name)
    {
        var c = Case(name);
        var x = c.GetProperty("X").Matrix();
        var minPts = c.GetProperty("minPts").GetInt32();
        var expected = c.GetProperty("labels").Ints();
        var labels = Hdbscan.Fit(x, minClusterSize: minPts, minSamples: minPts);

        // The same points are noise...
        Assert.Equal(Enumerable.Range(0, x.Length).Where(i => expected[i] < 0), Enumerable.Range(0, x.Length).Where(i => labels[i] < 0));
        // ...and the clusters are the same partition: a one-to-one map between the two numberings.
        var map = new Dictionary<int, int>();
        var back = new Dictionary<int, int>();
        for (var i = 0; i < x.Length; i++)
        {
            if (expected[i] < 0) continue;
            Assert.Equal(map.GetValueOrDefault(labels[i], expected[i]), expected[i]);
            Assert.Equal(back.GetValueOrDefault(expected[i], labels[i]), labels[i]);
            map[labels[i]] = expected[i];
            back[expected[i]] = labels[i];
        }
        Assert.Equal(expected.Where(l => l >= 0).Distinct().Count(), labels.Where(l => l >= 0).Distinct().Count());
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(expected, labels), 12);
    }

    [Fact]
    public void MinSamplesDefaultsToMinClusterSizeAndTheRegistryRunsIt()
    {
        var c = Case("varying_density_6");
        var x = c.GetProperty("X").Matrix();
        var settings = new ClusteringSettings { Method = HdbscanMethod.MethodId }.With("minClusterSize", 6);
        Assert.Equal(6, settings.Value(HdbscanMethod.MinSamples));
        Assert.Equal("HDBSCAN (min cluster 6)", settings.Label);
        var a = Clusterer.Fit(x, settings, seed: 0);
        Assert.Equal(Hdbscan.Fit(x, 6, 6), a.Labels);
        Assert.Equal(a.Labels.Count(l => l < 0), a.NoiseCount);
        // Scores take noise as one more group, as for DBSCAN, and the report counts it.
        Assert.Equal(a.NoiseCount, MetricsReport.Compute(x, a.Labels, null).Values["noise_points"]);

        var conservative = settings.With("minSamples", 15);
        Assert.Equal("HDBSCAN (min cluster 6, min samples 15)", conservative.Label);
        Assert.True(Clusterer.Fit(x, conservative, 0).NoiseCount > a.NoiseCount);
    }

    [Fact]
    public void NoClusterIsAWordedError()
    {
        var x = Case("grid_ties_4").GetProperty("X").Matrix();
        var settings = new ClusteringSettings { Method = HdbscanMethod.MethodId }.With("minClusterSize", x.Length);
        var e = Assert.Throws<ArgumentException>(() => Clusterer.Fit(x, settings, 0));
        Assert.Contains("all noise", e.Message);
        Assert.Throws<ArgumentException>(() => Hdbscan.Fit(x, 1, 1));
    }
}
