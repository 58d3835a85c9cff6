using MusicDashboard.Core.Metrics;
using System.Text.Json;
using MusicDashboard.Core.Reports;

namespace MusicDashboard.Core.Tests.Reports;

public sealed class Table2ReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-table2-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesTheThreeFormatsWithTheDocumentedJsonShape()
    {
        var table = new Table2("synthetic demo", "/d", 100, 300, ["/d/x.wav: truncated"], "settings", 12.5,
        [
            new("Raw MFCC + KMeans", "MFCC", "KMeans", 10, 0.1, 2.0, 100.0, 0.2, 0.3, 0.4, 1.0),
            new("No labels, \"quoted\"", "Latent", "KMeans", 10, 0.2, 1.5, 200.0, null, null, null, 2.0),
        ]);
        Table2Report.Write(table, _dir);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "table2.json")));
        Assert.Equal("synthetic demo", json.RootElement.GetProperty("dataset").GetString());
        var row = json.RootElement.GetProperty("rows")[0];
        foreach (var key in new[] { "method", "input", "clustering", "k", "silhouette", "db", "ch", "ari", "nmi", "purity", "seconds" })
            Assert.True(row.TryGetProperty(key, out _), key);
        Assert.Equal(0.3, row.GetProperty("nmi").GetDouble());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("rows")[1].GetProperty("nmi").ValueKind);

        var csv = File.ReadAllLines(Path.Combine(_dir, "table2.csv"));
        Assert.Equal("method,input,clustering,k,silhouette,db,ch,ari,nmi,purity,seconds", csv[0]);
        Assert.Equal("Raw MFCC + KMeans,MFCC,KMeans,10,0.1,2,100,0.2,0.3,0.4,1", csv[1]);
        Assert.StartsWith("\"No labels, \"\"quoted\"\"\",Latent", csv[2]);

        var md = File.ReadAllText(Path.Combine(_dir, "table2.md"));
        Assert.Contains("| Raw MFCC + KMeans | 0.100 | 2.000 | 100.0 | 0.200 | 0.300 | 0.400 | KMeans | MFCC | n/a | 1.0 |", md);
        Assert.Contains("truncated", md);
        Assert.Contains("| MLP-VAE (Audio) + KMeans | 0.240 | 1.710 | 310.4 | 0.190 | 0.230 | 0.340 | KMeans | Latent |", md);
    }

    [Fact]
    public void AggregateGivesMeanAndSampleStdPerCellMatchedByMethod()
    {
        static MetricsRow R(string m, double v, double? nmi) => new(m, "MFCC", "KMeans", 10, v, v, v, nmi, nmi, nmi, v);
        var agg = Table2Report.Aggregate(
        [
            (0, [R("a", 1, 0.1), R("b", 5, null)]),
            (1, [R("a", 2, 0.3)]),
            (2, [R("a", 6, 0.5), R("b", 7, null)]),
        ]);
        Assert.Equal(["a", "b"], agg.Select(r => r.Method));
        var a = agg[0];
        Assert.Equal(3, a.Silhouette, 12);
        Assert.Equal(Math.Sqrt(7), a.SilhouetteStd!.Value, 12); // numpy.std([1, 2, 6], ddof=1)
        Assert.Equal(0.3, a.Nmi!.Value, 12);
        Assert.Equal(0.2, a.NmiStd!.Value, 12);
        Assert.Equal([0, 1, 2], a.Seeds);
        Assert.Equal([0, 2], agg[1].Seeds);
        Assert.Null(agg[1].Nmi); // no labels: stays "n/a", never a made-up number
        Assert.Null(agg[1].NmiStd);

        var table = new Table2("d", "/d", 1, 1, [], "s", 1, agg) { Seeds = [0, 1, 2], Version = "1.2.3" };
        var md = Table2Report.ToMarkdown(table);
        Assert.Contains("| a | 3.000 ± 2.646 |", md);
        Assert.Contains("Software: musicdash 1.2.3.", md);
        var csv = Table2Report.ToCsv(table).Split('\n');
        Assert.EndsWith(",seconds_std,seeds", csv[0]);
        Assert.EndsWith(",0 1 2", csv[1]);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(table));
        Assert.Equal(0.2, json.RootElement.GetProperty("rows")[0].GetProperty("nmi_std").GetDouble(), 12);
        Assert.False(json.RootElement.GetProperty("rows")[1].TryGetProperty("nmi_std", out _));
    }
}
