using MusicDashboard.Core.Clustering;
using static MusicDashboard.Core.Tests.Clustering.ClusteringMetricsTests;

namespace MusicDashboard.Core.Tests.Clustering;

public class StandardScalerTests
{
    public static TheoryData<string> Datasets() => SklearnFixtures.Datasets();

    [Theory]
    [MemberData(nameof(Datasets))]
    public void MatchesScikitLearn(string dataset)
    {
        var data = SklearnFixtures.Load(dataset);
        var scaler = StandardScaler.Fit(data.X);
        for (var j = 0; j < data.X[0].Length; j++)
        {
            Close(data.Scaler.Mean[j], scaler.Mean[j], rel: 1e-12, what: $"mean {j}");
            Close(data.Scaler.Scale[j], scaler.Scale[j], rel: 1e-9, what: $"scale {j}");
        }
        var head = scaler.Transform(data.X[..5]);
        for (var i = 0; i < 5; i++)
            for (var j = 0; j < head[i].Length; j++)
                Close(data.Scaler.TransformedHead[i][j], head[i][j], rel: 1e-9, abs: 1e-9, what: $"transformed [{i},{j}]");
    }

    [Fact]
    public void HandlesConstantOffsetAndTinyColumnsAsSklearn()
    {
        // Column 0 is constant (scale must be exactly 1, output exactly 0); column 1 sits at 1e4 with a spread of 1e-3,
        // which must survive the large mean rather than be taken for a constant; column 2 is tiny but not constant.
        var edge = SklearnFixtures.LoadScalerEdgeCases();
        var scaler = StandardScaler.Fit(edge.X);
        Assert.Equal(1.0, scaler.Scale[0]);
        Assert.Equal(2.5, scaler.Mean[0]);
        for (var j = 0; j < edge.Mean.Length; j++)
        {
            Close(edge.Mean[j], scaler.Mean[j], rel: 1e-12, what: $"mean {j}");
            // The 1e4-offset column keeps only ~6 significant digits of its spread in float64, in sklearn as here.
            Close(edge.Scale[j], scaler.Scale[j], rel: 1e-7, what: $"scale {j}");
        }
        var z = scaler.Transform(edge.X);
        Assert.All(z, row => Assert.Equal(0.0, row[0]));
        for (var i = 0; i < z.Length; i++)
            for (var j = 0; j < z[i].Length; j++)
                Close(edge.Transformed[i][j], z[i][j], rel: 1e-7, abs: 1e-7, what: $"transformed [{i},{j}]");
    }

    [Fact]
    public void RefusesMismatchedOrNonFiniteInput()
    {
        var scaler = StandardScaler.Fit([[1.0, 2.0], [3.0, 5.0]]);
        Assert.Throws<ArgumentException>(() => scaler.Transform([[1.0, 2.0, 3.0]]));
        var nan = Assert.Throws<ArgumentException>(() => StandardScaler.Fit([[1.0, 2.0], [3.0, double.PositiveInfinity]]));
        Assert.Contains("row 1", nan.Message);
        Assert.Throws<ArgumentException>(() => StandardScaler.Fit([]));
        Assert.Throws<ArgumentException>(() => new StandardScaler([0.0], [0.0]));
    }
}
