using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Metrics;
using static MusicDashboard.Core.Tests.Clustering.ClusteringMetricsTests;

namespace MusicDashboard.Core.Tests.Clustering;

public class KMeansTests
{
    public static TheoryData<string> Datasets() => SklearnFixtures.Datasets();

    public static TheoryData<string> WellSeparated() => ["blobs_separated", "noncontiguous_labels"];

    public static TheoryData<string> Overlapping() => ["blobs_overlap", "aniso_unequal"];

    [Theory]
    [MemberData(nameof(WellSeparated))]
    public void FindsSklearnsPartitionOnWellSeparatedData(string dataset)
    {
        var data = SklearnFixtures.Load(dataset);
        var result = KMeans.Fit(data.X, new KMeansOptions(K: data.NClusters, Seed: 0));
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(data.KMeans.Labels, result.Labels));
        // Same partition, so the same centres (up to numbering) and the same inertia, to rounding.
        Close(data.KMeans.Inertia, result.Inertia, what: "inertia");
        var map = LabelMap(result.Labels, data.KMeans.Labels);
        for (var c = 0; c < data.NClusters; c++)
            for (var j = 0; j < data.X[0].Length; j++)
                Close(data.KMeans.Centers[map[c]][j], result.Centers[c][j], abs: 1e-9, what: $"centre {c}[{j}]");
    }

    [Theory]
    [MemberData(nameof(Overlapping))]
    public void ReachesSklearnsInertiaOnOverlappingData(string dataset)
    {
        // Our restarts draw from a different RNG than numpy's, so they can land in different local optima; the fixture
        // shows sklearn's own best-of-10 varies by up to ~2e-4 across seeds here, well inside the 1e-3 allowed.
        var data = SklearnFixtures.Load(dataset);
        var result = KMeans.Fit(data.X, new KMeansOptions(K: data.NClusters, Seed: 0));
        Assert.True(result.Inertia <= data.KMeans.Inertia * (1 + 1e-3), $"inertia {result.Inertia:R} vs sklearn {data.KMeans.Inertia:R}");
        AssertSelfConsistent(data.X, result, data.NClusters);
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void LloydFromGivenCentresRepeatsSklearnStepByStep(string dataset)
    {
        // No randomness here: the start is sklearn's init array, whose last centre lies far outside the data, so the
        // first iteration must relocate that empty cluster to the farthest point exactly as sklearn does, and the
        // convergence test must stop at the same iteration.
        var data = SklearnFixtures.Load(dataset);
        var reference = data.KMeansFromInit;
        var result = KMeans.FitFromCenters(data.X, reference.Init);
        Assert.Equal(reference.Labels, result.Labels);
        Assert.Equal(reference.NIter, result.Iterations);
        Close(reference.Inertia, result.Inertia, what: "inertia");
        for (var c = 0; c < reference.Centers.Length; c++)
            for (var j = 0; j < data.X[0].Length; j++)
                Close(reference.Centers[c][j], result.Centers[c][j], abs: 1e-9, what: $"centre {c}[{j}]");
    }

    [Fact]
    public void SameSeedGivesTheSameClustering()
    {
        var data = SklearnFixtures.Load("blobs_overlap");
        var options = new KMeansOptions(K: 10, NInit: 3, Seed: 42);
        var a = KMeans.Fit(data.X, options);
        var b = KMeans.Fit(data.X, options);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Inertia, b.Inertia);
        Assert.Equal(a.Iterations, b.Iterations);
        for (var c = 0; c < 10; c++) Assert.Equal(a.Centers[c], b.Centers[c]);
    }

    [Fact]
    public void LargeInputsTakeTheParallelPathAndStayDeterministic()
    {
        // 3000 points is several 256-row chunks, so assignment and sums run in parallel; the chunked reduction must still
        // give bit-identical results on every run.
        var rng = new Random(5);
        var x = Enumerable.Range(0, 3000).Select(i => Enumerable.Range(0, 6).Select(_ => rng.NextDouble() + i % 4 * 3.0).ToArray()).ToArray();
        var options = new KMeansOptions(K: 4, NInit: 2, Seed: 1);
        var first = KMeans.Fit(x, options);
        for (var run = 0; run < 3; run++)
        {
            var again = KMeans.Fit(x, options);
            Assert.Equal(first.Labels, again.Labels);
            Assert.Equal(first.Inertia, again.Inertia);
        }
        // The four groups (shifted by 3 in every coordinate, spread 1) are separate: K-Means must find them.
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex(x.Select((_, i) => i % 4).ToArray(), first.Labels));
        AssertSelfConsistent(x, first, 4);
    }

    [Fact]
    public void SeedActuallyChangesTheRestarts()
    {
        // With one restart, the local optimum reached depends on the seeding; if the seed were ignored all would agree.
        var data = SklearnFixtures.Load("blobs_overlap");
        var inertias = Enumerable.Range(0, 8).Select(s => KMeans.Fit(data.X, new KMeansOptions(K: 10, NInit: 1, Seed: s)).Inertia).ToArray();
        Assert.True(inertias.Distinct().Count() > 1, "every seed gave the same inertia");
        // And more restarts never do worse than the first of them (the first restart of NInit = 10 is NInit = 1's run).
        var ten = KMeans.Fit(data.X, new KMeansOptions(K: 10, NInit: 10, Seed: 0));
        Assert.True(ten.Inertia <= inertias[0]);
    }

    [Fact]
    public void MoreClustersThanPointsIsRefusedClearly()
    {
        double[][] x = [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]];
        var e = Assert.Throws<ArgumentException>(() => KMeans.Fit(x, new KMeansOptions(K: 12)));
        Assert.Contains("K = 12 but only 5 points", e.Message);
        Assert.Throws<ArgumentException>(() => KMeans.Fit(x, new KMeansOptions(K: 0)));
        Assert.Throws<ArgumentException>(() => KMeans.Fit(x, new KMeansOptions(K: 2, NInit: 0)));
        Assert.Throws<ArgumentException>(() => KMeans.Fit(x, new KMeansOptions(K: 2, Tol: double.NaN)));
    }

    [Fact]
    public void NonFiniteValuesAreRefusedNamingTheRow()
    {
        double[][] x = [[0, 0], [1, 1], [2, 2], [3, double.NaN], [4, 4]];
        var e = Assert.Throws<ArgumentException>(() => KMeans.Fit(x, new KMeansOptions(K: 2)));
        Assert.Contains("row 3", e.Message);
        x[3][1] = double.NegativeInfinity;
        Assert.Contains("row 3", Assert.Throws<ArgumentException>(() => KMeans.Fit(x, new KMeansOptions(K: 2))).Message);
        Assert.Throws<ArgumentException>(() => KMeans.Fit([[0.0, 1.0], [2.0]], new KMeansOptions(K: 1)));
    }

    [Fact]
    public void OneClusterPerPointHasZeroInertia()
    {
        double[][] x = [[0, 0], [1, 5], [2, -2], [7, 3]];
        var result = KMeans.Fit(x, new KMeansOptions(K: 4));
        Assert.Equal(4, result.Labels.Distinct().Count());
        Assert.Equal(0.0, result.Inertia, 12);
    }

    [Fact]
    public void DuplicatePointsLeaveAClusterEmptyWithoutFailing()
    {
        // Only two distinct points for three clusters: sklearn 1.2.1 ends with labels [1 1 1 1 0 0] (two distinct
        // clusters, inertia 0) after relocating the empty cluster onto a duplicate; so must we, up to numbering.
        double[][] x = [[0, 0], [0, 0], [0, 0], [0, 0], [10, 10], [10, 10]];
        var result = KMeans.Fit(x, new KMeansOptions(K: 3));
        Assert.Equal(0.0, result.Inertia);
        Assert.Equal(1.0, ClusteringMetrics.AdjustedRandIndex([1, 1, 1, 1, 0, 0], result.Labels));
        Assert.All(result.Centers, c => Assert.All(c, v => Assert.True(double.IsFinite(v))));
    }

    [Fact]
    public void CancellationStopsTheFit()
    {
        var data = SklearnFixtures.Load("blobs_overlap");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => KMeans.Fit(data.X, new KMeansOptions(K: 10), cts.Token));
    }

    [Fact]
    public void PredictAssignsTheNearestCentre()
    {
        double[][] centers = [[0, 0], [10, 0], [0, 10]];
        Assert.Equal([0, 1, 2, 1], KMeans.Predict([[1, 1], [9, -1], [-1, 8], [6, 0]], centers));
        // Exactly halfway: the first centre, as numpy's argmin.
        Assert.Equal([0], KMeans.Predict([[5, 0]], centers));
        Assert.Throws<ArgumentException>(() => KMeans.Predict([[1, 1, 1]], centers));
    }

    /// <summary>Labels must be the nearest centres, and the inertia their summed squared distances.</summary>
    private static void AssertSelfConsistent(double[][] x, KMeansResult result, int k)
    {
        Assert.All(result.Labels, l => Assert.InRange(l, 0, k - 1));
        Assert.Equal(KMeans.Predict(x, result.Centers), result.Labels);
        double inertia = 0;
        for (var i = 0; i < x.Length; i++)
            inertia += x[i].Zip(result.Centers[result.Labels[i]], (a, b) => (a - b) * (a - b)).Sum();
        Close(inertia, result.Inertia, what: "inertia recomputed");
    }

    /// <summary>For each of our labels, the reference label it coincides with (the partitions are known equal).</summary>
    private static int[] LabelMap(int[] ours, int[] reference)
    {
        var map = new int[ours.Max() + 1];
        for (var i = 0; i < ours.Length; i++) map[ours[i]] = reference[i];
        return map;
    }
}
