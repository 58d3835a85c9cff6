using Bunit;
using MudBlazor.Services;
using Microsoft.Extensions.DependencyInjection;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Reports;
using MusicDashboard.Dashboard.Components.Controls;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Tests.Components;

public sealed class MetricsTableTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();

    public MetricsTableTests()
    {
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void OurRowsComeFirstWithUndefinedMetricsAsNaThenTheStudysFigures()
    {
        MetricsTable.Entry[] rows =
        [
            new("#4", new MetricsRow("Raw MFCC + KMeans", "MFCC", "KMeans", 10, 0.13712, 2.0251, 27.14, 0.404, 0.6071, 0.607, 1.2)),
            new("#4", new MetricsRow("MLP-VAE (Audio) + KMeans", "Latent", "KMeans", 10, 0.228, 1.469, 46.7, null, null, null, 3.4)),
        ];
        var cut = _ctx.Render<MetricsTable>(p => p.Add(t => t.Rows, rows));

        var ours = cut.FindAll("[data-testid=metrics-row]");
        Assert.Equal(2, ours.Count);
        var first = ours[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Raw MFCC + KMeans", "0.137", "2.025", "27.1", "0.404", "0.607", "0.607", "KMeans (k = 10)", "MFCC, clips"], first);
        var second = ours[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["n/a", "n/a", "n/a"], second.Skip(4).Take(3));

        var study = cut.FindAll("[data-testid=study-row]");
        Assert.Equal(Table2Report.Study.Count, study.Count);
        Assert.Contains("0.24", study[2].TextContent); // MLP-VAE (Audio) + KMeans silhouette
        Assert.Contains("310.4", study[2].TextContent);
        Assert.Contains("CVAE (Fusion) + GMM", study[4].TextContent);
    }

    [Fact]
    public void WithSeveralRunsEachRowNamesItsRunAndEmptyTablesSaySo()
    {
        var cut = _ctx.Render<MetricsTable>(p => p.Add(t => t.Rows, []).Add(t => t.ShowSource, true).Add(t => t.ShowStudy, false).Add(t => t.EmptyText, "Pick runs."));
        Assert.Equal("Pick runs.", cut.Find("[data-testid=metrics-empty]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=study-row]"));

        var two = _ctx.Render<MetricsTable>(p => p.Add(t => t.ShowSource, true).Add(t => t.Rows, [
            new MetricsTable.Entry("#1", new MetricsRow("A", "MFCC", "KMeans", 10, 0.1, 2, 3, 0.1, 0.2, 0.3, 0)),
            new MetricsTable.Entry("#2", new MetricsRow("A", "MFCC", "KMeans", 10, 0.1, 2, 3, 0.1, 0.2, 0.3, 0)),
        ]));
        Assert.Equal(["#1", "#2"], two.FindAll("[data-testid=metrics-row]").Select(r => r.QuerySelector("td")!.TextContent));
        Assert.Equal("study", two.FindAll("[data-testid=study-row]")[0].QuerySelector("td")!.TextContent);
    }

    [Fact]
    public void AGroupOfRunsShowsMeanPlusMinusStdFromTable2sSeedAggregate()
    {
        var row = new MetricsRow("A", "MFCC", "KMeans", 10, 0.1, 2, 30, 0.1, 0.2, 0.3, 0);
        var mean = Table2Report.Aggregate([(1, [row]), (2, [row with { Silhouette = 0.3, Nmi = 0.4 }])]);
        var cut = _ctx.Render<MetricsTable>(p => p.Add(t => t.ShowSource, true).Add(t => t.ShowStudy, false)
            .Add(t => t.Rows, [new MetricsTable.Entry("#1, #2 (2 seeds)", mean[0])]));
        var cells = cut.Find("[data-testid=metrics-row]").QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["#1, #2 (2 seeds)", "A", "0.200 ± 0.141", "2.000 ± 0.000", "30.0 ± 0.0", "0.100 ± 0.000", "0.300 ± 0.141", "0.300 ± 0.000"], cells.Take(8));
    }

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _ctx.DisposeAsync();
}
