using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Clustering.Methods;
using MusicDashboard.Core.Metrics;

namespace MusicDashboard.Core.Tests.Clustering;

public class KSweepTests
{
    [Fact]
    public void EachRowIsTheClusteringOfThatKScoredByTheSameMetrics()
    {
        var ds = SklearnFixtures.Load("blobs_separated");
        var settings = new ClusteringSettings().With("nInit", 3);
        var rows = KSweep.Run(ds.X, settings, 8, 11, seed: 4);
        Assert.Equal(new[] { 8, 9, 10, 11 }, rows.Select(r => r.K));
        foreach (var r in rows)
        {
            var labels = Clusterer.Fit(ds.X, settings with { K = r.K }, 4).Labels;
            Assert.Equal(ClusteringMetrics.Silhouette(ds.X, labels), r.Silhouette);
            Assert.Equal(ClusteringMetrics.DaviesBouldin(ds.X, labels), r.DaviesBouldin);
            Assert.NotNull(r.Inertia);
            Assert.Null(r.Bic);
        }
        // Inertia falls with K; on ten true blobs the silhouette peaks at 10.
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.Inertia >= p.Second.Inertia));
        Assert.Equal(10, rows.MaxBy(r => r.Silhouette)!.K);
    }

    [Fact]
    public void SweepRefusesWhatCannotBeSwept()
    {
        var x = SklearnFixtures.Load("blobs_separated").X;
        Assert.Contains("no K to sweep", Assert.Throws<ArgumentException>(() =>
            KSweep.Run(x, new ClusteringSettings { Method = DbscanMethod.MethodId }, 2, 5, 0)).Message);
        Assert.Throws<ArgumentException>(() => KSweep.Run(x, new ClusteringSettings(), 1, 5, 0));
        Assert.Throws<ArgumentException>(() => KSweep.Run(x[..5], new ClusteringSettings(), 2, 5, 0));
    }
}
