using MusicDashboard.Core.Datasets;
using System.Globalization;
using System.Text.Json;
using MusicDashboard.Dashboard.Cli;

namespace MusicDashboard.Dashboard.Tests.Cli;

/// <summary>The cluster and metrics verbs end to end on scikit-learn's fixture data (tests/fixtures/sklearn).</summary>
public sealed class ClusterAndMetricsVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-cli-").FullName;
    private readonly JsonElement _fixture = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("sklearn/blobs_separated.json"))).RootElement;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private double[][] X => _fixture.GetProperty("X").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
    private int[] Truth => _fixture.GetProperty("truth").EnumerateArray().Select(v => v.GetInt32()).ToArray();
    private JsonElement Labelling(string name) => _fixture.GetProperty("labelings").EnumerateArray().First(l => l.GetProperty("name").GetString() == name);

    private string WriteCsv(string name, string header, IEnumerable<string> rows)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, rows.Prepend(header));
        return path;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ClusterFindsScikitLearnsPartitionAndScoresItWithTheLabelColumn()
    {
        var x = X; var truth = Truth;
        var csv = WriteCsv("x.csv", "id,genre," + string.Join(",", Enumerable.Range(0, 8).Select(i => $"f{i}")),
            x.Select((r, i) => $"track{i},\"g,{truth[i]}\"," + string.Join(",", r.Select(F))));
        var outPath = Path.Combine(_dir, "out", "result.json");
        var code = await Verbs.RunAsync(["cluster", "--csv", csv, "--label-column", "genre", "--drop-columns", "id", "--k", "10", "--scale", "none", "--out", outPath]);
        Assert.Equal(0, code);

        using var result = JsonDocument.Parse(File.ReadAllText(outPath));
        var labels = result.RootElement.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(x.Length, labels.Length);
        var sklearn = _fixture.GetProperty("kmeans").GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(1.0, MusicDashboard.Core.Metrics.ClusteringMetrics.AdjustedRandIndex(sklearn, labels), 12);

        // Well separated: the partition is the true one, so the scores are those scikit-learn gives the truth.
        var m = result.RootElement.GetProperty("metrics");
        var expected = Labelling("truth");
        foreach (var key in new[] { "silhouette", "davies_bouldin", "calinski_harabasz", "ari", "nmi", "purity" })
            Assert.Equal(expected.GetProperty(key).GetDouble(), m.GetProperty(key).GetDouble(), 1e-9 * Math.Max(1, Math.Abs(expected.GetProperty(key).GetDouble())));
    }

    [Fact]
    public async Task MetricsScoresAnotherToolsLabellingAndNamesWhatIsUndefined()
    {
        var x = X; var truth = Truth;
        var xCsv = WriteCsv("x.csv", string.Join(",", Enumerable.Range(0, 8).Select(i => $"f{i}")), x.Select(r => string.Join(",", r.Select(F))));
        var sk = Labelling("sklearn_kmeans");
        var predCsv = WriteCsv("pred.csv", "cluster", sk.GetProperty("labels").EnumerateArray().Select(v => "c" + v.GetInt32()));
        var trueCsv = WriteCsv("true.csv", "genre", truth.Select(t => "genre" + t));
        var outPath = Path.Combine(_dir, "m.json");
        Assert.Equal(0, await Verbs.RunAsync(["metrics", "--x", xCsv, "--pred", predCsv, "--true", trueCsv, "--out", outPath]));
        using (var m = JsonDocument.Parse(File.ReadAllText(outPath)))
            foreach (var key in new[] { "silhouette", "davies_bouldin", "calinski_harabasz", "ari", "nmi", "purity" })
                Assert.Equal(sk.GetProperty(key).GetDouble(), m.RootElement.GetProperty("metrics").GetProperty(key).GetDouble(), 1e-9 * Math.Max(1, Math.Abs(sk.GetProperty(key).GetDouble())));

        // One cluster: the intrinsic metrics are undefined (as scikit-learn refuses them); the extrinsic ones still exist.
        var one = WriteCsv("one.csv", "cluster", x.Select(_ => "0"));
        Assert.Equal(0, await Verbs.RunAsync(["metrics", "--x", xCsv, "--pred", one, "--true", trueCsv, "--out", outPath]));
        using var single = JsonDocument.Parse(File.ReadAllText(outPath));
        Assert.False(single.RootElement.GetProperty("metrics").TryGetProperty("silhouette", out _));
        Assert.Contains("Number of labels is 1", single.RootElement.GetProperty("undefined_metrics").GetProperty("silhouette").GetString());
        Assert.Equal(0.1, single.RootElement.GetProperty("metrics").GetProperty("purity").GetDouble(), 2);
    }

    [Theory]
    [InlineData("a,b\n1,x\n", "row 2, column 'b' is not a finite number ('x')")]
    [InlineData("a,b\n1,2,3\n", "row 2 has 3 cells, the header has 2")]
    [InlineData("a,b\n", "no data rows")]
    public void BadCsvSaysWhereAndWhy(string content, string message)
    {
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, content);
        var e = Assert.Throws<DatasetException>(() => CsvTable.Read(path).Numeric([0, 1]));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task WrongOptionsAreUsageErrors()
    {
        var csv = WriteCsv("x.csv", "a,b", ["1,2", "3,4", "5,6"]);
        Assert.Equal(2, await Verbs.RunAsync(["cluster", "--csv", csv, "--k", "5", "--out", Path.Combine(_dir, "o.json")])); // K > rows
        Assert.Equal(2, await Verbs.RunAsync(["cluster", "--csv", csv, "--method", "spectral", "--out", Path.Combine(_dir, "o.json")]));
        Assert.Equal(2, await Verbs.RunAsync(["cluster", "--csv", csv, "--drop-columns", "nope", "--out", Path.Combine(_dir, "o.json")]));
        Assert.False(File.Exists(Path.Combine(_dir, "o.json")));
    }

    [Fact]
    public async Task ClusterRunsGmmWardAndDbscanWithTheNewMetricsInRowOrder()
    {
        var x = X; var truth = Truth;
        var csv = WriteCsv("x.csv", "genre," + string.Join(",", Enumerable.Range(0, 8).Select(i => $"f{i}")),
            x.Select((r, i) => $"{truth[i]}," + string.Join(",", r.Select(F))));
        foreach (var args in new[]
        {
            new[] { "--method", "gmm", "--covariance", "diag", "--n-init", "2", "--scale", "minmax" },
            new[] { "--method", "agglomerative", "--scale", "l2" },
            new[] { "--method", "kmeans", "--scale", "none", "--silhouette-sample", "100" },
        })
        {
            var outPath = Path.Combine(_dir, "r.json");
            Assert.Equal(0, await Verbs.RunAsync(["cluster", "--csv", csv, "--label-column", "genre", "--k", "10", "--out", outPath, .. args]));
            using var result = JsonDocument.Parse(File.ReadAllText(outPath));
            var labels = result.RootElement.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var m = result.RootElement.GetProperty("metrics");
            // Well separated blobs: every method finds the true partition, so the extrinsic scores are all 1, in row order.
            Assert.Equal(1.0, MusicDashboard.Core.Metrics.ClusteringMetrics.AdjustedRandIndex(truth, labels), 12);
            foreach (var key in new[] { "ami", "homogeneity", "completeness", "v_measure", "accuracy", "nmi" })
                Assert.Equal(1.0, m.GetProperty(key).GetDouble(), 9);
            Assert.Equal(10, result.RootElement.GetProperty("contingency").GetProperty("clusters").GetArrayLength());
        }
        var gmmOut = Path.Combine(_dir, "g.json");
        Assert.Equal(0, await Verbs.RunAsync(["cluster", "--csv", csv, "--drop-columns", "genre", "--method", "gmm", "--k", "10", "--n-init", "1", "--out", gmmOut]));
        using (var g = JsonDocument.Parse(File.ReadAllText(gmmOut)))
            Assert.True(double.IsFinite(g.RootElement.GetProperty("bic").GetDouble()));

        var dbOut = Path.Combine(_dir, "d.json");
        Assert.Equal(0, await Verbs.RunAsync(["cluster", "--csv", csv, "--drop-columns", "genre", "--method", "dbscan", "--eps", "0.6", "--min-samples", "4", "--out", dbOut]));
        using var d = JsonDocument.Parse(File.ReadAllText(dbOut));
        Assert.True(d.RootElement.GetProperty("noise_points").GetInt32() >= 0);
    }

    [Fact]
    public async Task SweepWritesOneRowPerKWithBicForGmm()
    {
        var x = X;
        var csv = WriteCsv("x.csv", string.Join(",", Enumerable.Range(0, 8).Select(i => $"f{i}")), x.Select(r => string.Join(",", r.Select(F))));
        var outPath = Path.Combine(_dir, "s.json");
        Assert.Equal(0, await Verbs.RunAsync(["cluster", "--csv", csv, "--method", "gmm", "--n-init", "1", "--sweep", "2..12", "--out", outPath]));
        using var s = JsonDocument.Parse(File.ReadAllText(outPath));
        var rows = s.RootElement.GetProperty("sweep").EnumerateArray().ToArray();
        Assert.Equal(11, rows.Length);
        // Ten true blobs: BIC is lowest at K = 10 and the silhouette peaks there.
        var best = rows.MinBy(r => r.GetProperty("bic").GetDouble());
        Assert.Equal(10, best.GetProperty("k").GetInt32());
        Assert.Equal(10, rows.MaxBy(r => r.GetProperty("silhouette").GetDouble()).GetProperty("k").GetInt32());
        Assert.Equal(2, await Verbs.RunAsync(["cluster", "--csv", csv, "--sweep", "5..2", "--out", outPath]));
        Assert.Equal(2, await Verbs.RunAsync(["cluster", "--csv", csv, "--method", "dbscan", "--sweep", "2..5", "--out", outPath]));
        Assert.Equal(2, await Verbs.RunAsync(["cluster", "--csv", csv, "--scale", "robust", "--out", outPath]));
    }
}
