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
        Assert.Contains("| Raw MFCC + KMeans | 0.100 | 2.000 | 100.0 | 0.200 | 0.300 | 0.400 | KMeans | MFCC | 1.0 |", md);
        Assert.Contains("truncated", md);
        Assert.Contains("| MLP-VAE (Audio) + KMeans | 0.240 | 1.710 | 310.4 | 0.190 | 0.230 | 0.340 | KMeans | Latent |", md);
    }
}
