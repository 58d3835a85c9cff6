using MusicDashboard.Dashboard.Components.Live;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Tests.Components;

/// <summary>The loss charts' options and the arithmetic behind them: TensorBoard's smoothing, the address round trip,
/// grouping runs by configuration, a group's mean ± std, a live chart's extension with smoothing on.</summary>
public sealed class LossChartOptionsTests
{
    /// <summary>The debiased EMA written as the weighted mean it is: point i of n weighs w^(n-i) (1 - w), normalised by
    /// the weights' sum 1 - w^n. Computed directly, not by the recurrence <see cref="DebiasedEma"/> uses.</summary>
    private static double[] Reference(double[] y, double w) => y.Select((_, k) =>
    {
        var n = k + 1;
        var weighted = Enumerable.Range(0, n).Sum(i => Math.Pow(w, n - 1 - i) * (1 - w) * y[i]);
        var weights = Enumerable.Range(0, n).Sum(i => Math.Pow(w, n - 1 - i) * (1 - w));
        return weighted / weights;
    }).ToArray();

    [Theory]
    [InlineData(0.6)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public void SmoothingIsTensorBoardsDebiasedMovingAverage(double weight)
    {
        var random = new Random(3);
        var y = Enumerable.Range(0, 200).Select(i => 10 * Math.Exp(-i / 40.0) + random.NextDouble()).ToArray();
        var smoothed = DebiasedEma.Smooth(y, weight);
        var expected = Reference(y, weight);
        for (var i = 0; i < y.Length; i++) Assert.Equal(expected[i], smoothed[i], 1e-9);
        Assert.Equal(y[0], smoothed[0], 1e-12); // debiased: the first point is not pulled towards 0
        Assert.NotEqual(y[^1], smoothed[^1]);
    }

    [Fact]
    public void WeightZeroIsTheRawCurveAndANonFiniteValueIsPassedThroughWithoutEnteringTheAverage()
    {
        double[] y = [3, 1, 4, 1, 5];
        Assert.Equal(y, DebiasedEma.Smooth(y, 0));
        var withNaN = DebiasedEma.Smooth([2, double.NaN, 4], 0.5);
        Assert.True(double.IsNaN(withNaN[1]));
        Assert.Equal(Reference([2, 4], 0.5)[1], withNaN[2], 1e-12);
    }

    [Fact]
    public void OptionsRoundTripThroughThePageAddressAndDefaultsAreLeftOut()
    {
        var options = new LossChartOptions { LogY = true, Smoothing = 0.6, X = ChartXAxis.Wall };
        var query = options.ToQuery();
        Assert.Equal("1", query["logy"]);
        Assert.Equal("0.6", query["smooth"]);
        Assert.Equal("wall", query["x"]);
        var uri = "http://host/runs/3?" + string.Join("&", query.Where(q => q.Value is not null).Select(q => $"{q.Key}={q.Value}"));
        Assert.Equal(options, LossChartOptions.FromUri(uri));
        Assert.Equal(options, LossChartOptions.FromUri("/compare?runs=1,2&group=config&logy=1&smooth=0.6&x=wall#top"));

        Assert.All(LossChartOptions.Default.ToQuery().Values, Assert.Null);
        Assert.Equal(LossChartOptions.Default, LossChartOptions.FromUri("http://host/runs/3"));
        // Out of range or unreadable values fall back to what can be drawn.
        Assert.Equal(0.99, LossChartOptions.FromUri("/x?smooth=5").Smoothing);
        Assert.Equal(0, LossChartOptions.FromUri("/x?smooth=-1").Smoothing);
        Assert.Equal(LossChartOptions.Default, LossChartOptions.FromUri("/x?smooth=abc&logy=maybe&x=furlongs"));
    }

    [Fact]
    public void RunsGroupByTheirConfigExceptSeedAndName()
    {
        var a = Presets.MlpVaeAudioConfig("demo", 1) with { Name = "first" };
        var b = a with { Seed = 2, Name = "second" };
        var c = a with { Seed = 3, Name = "third" };
        var other = a with { Vae = a.Vae with { Epochs = a.Vae.Epochs + 1 } };
        (int, string, string)[] runs = [(7, "third", c.ToJson()), (3, "first", a.ToJson()), (5, "second", b.ToJson()), (9, "other", other.ToJson()), (11, "broken", "{ not json")];

        var groups = RunGroup.Form(runs, byConfig: true);
        Assert.Equal(3, groups.Count);
        Assert.Equal([3, 5, 7], groups[0].RunIds);
        Assert.Equal([1, 2, 3], groups[0].Seeds);
        Assert.True(groups[0].IsGroup);
        Assert.Equal("#3, #5, #7 (3 seeds)", groups[0].Label);
        Assert.Equal([9], groups[1].RunIds);
        Assert.Equal("#9 other", groups[1].Label);
        Assert.Equal([11], groups[2].RunIds); // a config that does not parse stays on its own

        var alone = RunGroup.Form(runs, byConfig: false);
        Assert.Equal([3, 5, 7, 9, 11], alone.Select(g => g.RunIds.Single()));
        Assert.All(alone, g => Assert.False(g.IsGroup));
    }

    [Fact]
    public void AGroupsCurveIsTheMeanWithTheSampleStdOverTheRunsThatReachedEachEpoch()
    {
        List<(int, double, double)> r1 = [(1, 1, 4), (2, 2, 2), (3, 3, 1)];
        List<(int, double, double)> r2 = [(1, 1.5, 6), (2, 3, 4)];
        var band = CurveBand.Of([r1, r2]);
        Assert.Equal([1.25, 2.5, 3], band.X);
        Assert.Equal([5, 3, 1], band.Mean);
        Assert.Equal([Math.Sqrt(2), Math.Sqrt(2), 0], band.Std!); // (4-5)^2 + (6-5)^2 over n - 1 = 1
        Assert.Null(CurveBand.Of([r1]).Std);
    }

    private static EpochCompletedEvent Epoch(int epoch, double loss, double kl, double seconds) => new(epoch, 10, loss, loss - kl, kl, 1, seconds);

    [Fact]
    public void ALiveExtensionContinuesTheSmoothedCurvesAndTrainingTimeAsARedrawWould()
    {
        var epochs = Enumerable.Range(1, 10).Select(i => Epoch(i, 10.0 / i, i < 3 ? 0 : 0.01 * i, 0.5 + 0.1 * i)).ToList();
        var options = new LossChartOptions { Smoothing = 0.8, X = ChartXAxis.Wall, LogY = true };
        var live = new LossChart();
        live.Apply(options);
        live.Reset(epochs.Take(4));
        var (x, y) = live.Points(epochs.Skip(4).ToList());

        var whole = new LossChart();
        whole.Apply(options);
        whole.Reset(epochs);
        Assert.Equal(6, whole.Data.Count);
        for (var t = 0; t < 6; t++)
        {
            var drawn = (Plotly.Blazor.Traces.Scatter)whole.Data[t];
            Assert.Equal(drawn.X.Skip(4), x);
            Assert.Equal(drawn.Y.Skip(4), y[t]);
        }
        var total = (Plotly.Blazor.Traces.Scatter)whole.Data[3];
        Assert.Equal(DebiasedEma.Smooth(epochs.Select(e => e.Loss), 0.8).Select(v => (object)v), total.Y);
        Assert.Equal(epochs.Select((_, i) => (object)Math.Round(epochs.Take(i + 1).Sum(e => e.Seconds), 3)), total.X);
        // On a log axis the KL's zeros (epochs 1-2) are gaps, and the caption says so.
        var kl = (Plotly.Blazor.Traces.Scatter)whole.Data[2];
        Assert.Null(kl.Y[0]);
        Assert.Null(kl.Y[1]);
        var caption = whole.Caption(Core.Storage.RunState.Running);
        Assert.True(caption.Contains("2 value(s) at or below 0"), caption);
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.VisibleEnum.True, ((Plotly.Blazor.Traces.Scatter)whole.Data[0]).Visible);

        // Without smoothing the raw traces are hidden and the drawn ones are the raw values.
        whole.Apply(LossChartOptions.Default);
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.VisibleEnum.False, ((Plotly.Blazor.Traces.Scatter)whole.Data[0]).Visible);
        Assert.Equal(epochs.Select(e => (object)e.Loss), ((Plotly.Blazor.Traces.Scatter)whole.Data[3]).Y);
        Assert.Equal(epochs.Select(e => (object)(double)e.Epoch), ((Plotly.Blazor.Traces.Scatter)whole.Data[3]).X);
    }

    [Fact]
    public void WhileTrainingTheScatterColoursByGenreWhenTheProjectionCarriesGenres()
    {
        var scatter = new LatentScatter();
        scatter.Store(new ProjectionUpdatedEvent("MLP-VAE + KMeans", 5, false, "PCA", [0, 1, 2], [0, 1, 2], null) { Genres = ["rock", "pop", "rock"] });
        Assert.Equal("genre", scatter.ColourBy);
        Assert.Equal(["pop", "rock"], scatter.LegendItems().Select(l => l.Label));
        scatter.Rebuild();
        var trace = (Plotly.Blazor.Traces.ScatterGl)scatter.Data[0];
        Assert.Equal(3, trace.Marker.ColorArray.Count);
        Assert.Equal(trace.Marker.ColorArray[0], trace.Marker.ColorArray[2]);
        Assert.NotEqual(trace.Marker.ColorArray[0], trace.Marker.ColorArray[1]);
        Assert.Contains("genre rock", trace.TextArray[0]);

        // Once clustered, the default is the clusters; the user's choice holds either way.
        scatter.Store(new ProjectionUpdatedEvent("MLP-VAE + KMeans", 10, true, "PCA", [0, 1, 2], [0, 1, 2], [0, 1, 1]) { Genres = ["rock", "pop", "rock"] });
        Assert.Equal("cluster", scatter.ColourBy);
        scatter.ColourBy = "genre";
        Assert.Equal(["pop", "rock"], scatter.LegendItems().Select(l => l.Label));

        // No labels: cluster colouring, one colour while training.
        var unlabelled = new LatentScatter();
        unlabelled.Store(new ProjectionUpdatedEvent("m", 5, false, "PCA", [0, 1], [0, 1], null) { Genres = [null, null] });
        Assert.Equal("cluster", unlabelled.ColourBy);
        Assert.Empty(unlabelled.LegendItems());
    }
}
