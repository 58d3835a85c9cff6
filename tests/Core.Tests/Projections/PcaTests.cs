using System.Text.Json;
using MusicDashboard.Core.Projections;

namespace MusicDashboard.Core.Tests.Projections;

public class PcaTests
{
    private static string Fixture(string relative) => TestPaths.Fixture(relative);

    [Fact]
    public void MatchesScikitLearnIncludingTheSignConvention()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixture("pca/pca_reference.json")));
        double[][] Matrix(string key) => doc.RootElement.GetProperty(key).EnumerateArray()
            .Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var x = Matrix("x");
        var pca = Pca.Fit(x, 2);
        var expectedComponents = Matrix("components");
        var expectedVariance = doc.RootElement.GetProperty("explained_variance").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(expectedVariance[c], pca.ExplainedVariance[c], 1e-9 * expectedVariance[0]);
            for (var j = 0; j < x[0].Length; j++) Assert.Equal(expectedComponents[c][j], pca.Components[c][j], 1e-9);
        }
        var projected = pca.Transform(x);
        var expected = Matrix("transformed");
        for (var i = 0; i < x.Length; i++)
            for (var c = 0; c < 2; c++) Assert.Equal(expected[i][c], projected[i][c], 1e-8);
    }

    [Fact]
    public void RefusesImpossibleRequests()
    {
        Assert.Throws<ArgumentException>(() => Pca.Fit([[1.0, 2.0]], 1));
        Assert.Throws<ArgumentException>(() => Pca.Fit([[1.0, 2.0], [3.0, 4.0]], 3));
    }
}
