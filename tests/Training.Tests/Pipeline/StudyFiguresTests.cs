using System.Buffers.Binary;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;
using ScottPlot;

namespace MusicDashboard.Training.Tests.Pipeline;

/// <summary>The report figures render headless (ScottPlot over SkiaSharp's native library) and carry their own labels.</summary>
public class StudyFiguresTests
{
    private static readonly EpochReport[] Epochs =
    [
        new(1, 3, 10, 8, 2, 1, 0.5, ValidationLoss: 11),
        new(2, 3, 6, 5, 1, 1, 0.5, ValidationLoss: 7),
        new(3, 3, 4, 3.5, 0.5, 1, 0.5, ValidationLoss: 5),
    ];

    /// <summary>Asserts a PNG signature and header and returns its (width, height).</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    private static IEnumerable<string> Legend(Plot plot) =>
        plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText);

    [Fact]
    public void LossCurvesRenderToAPngWithTitleAxesAndOneLegendEntryPerSeries()
    {
        var plot = StudyFigures.LossCurves(Epochs, "mlp-vae-audio, seed 0: training loss");
        Assert.Equal((StudyFigures.Width, StudyFigures.Height), PngSize(StudyFigures.Png(plot)));
        Assert.Equal("mlp-vae-audio, seed 0: training loss", plot.Axes.Title.Label.Text);
        Assert.Equal("epoch", plot.Axes.Bottom.Label.Text);
        Assert.Equal("loss per sample", plot.Axes.Left.Label.Text);
        Assert.Equal(["total loss", "reconstruction", "KL divergence", "validation loss"], Legend(plot));
        Assert.True(plot.Legend.IsVisible);
        var total = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().First();
        Assert.Equal([10.0, 6, 4], total.Data.GetScatterPoints().Select(p => p.Y));
        Assert.Equal([1.0, 2, 3], total.Data.GetScatterPoints().Select(p => p.X));
    }

    [Fact]
    public void TheValidationCurveIsDrawnOnlyWhenEveryEpochHasOne()
    {
        var plot = StudyFigures.LossCurves([Epochs[0] with { ValidationLoss = null }, Epochs[1]], "t");
        Assert.Equal(["total loss", "reconstruction", "KL divergence"], Legend(plot));
    }

    [Fact]
    public void TheLatentScatterHasOneColouredLegendEntryPerGenre()
    {
        double[][] points = [[0, 0], [1, 1], [5, 5], [6, 5], [-3, 2], [double.NaN, 1]];
        int[] genres = [0, 0, 1, 1, 2, 2];
        var plot = StudyFigures.Scatter(points, genres, ["blues", "classical", "country"], "latent means by genre", "genre");
        Assert.Equal((StudyFigures.Width, StudyFigures.Height), PngSize(StudyFigures.Png(plot)));
        Assert.Equal("latent means by genre", plot.Axes.Title.Label.Text);
        Assert.Equal(["blues", "classical", "country"], Legend(plot));
        var groups = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        Assert.Equal([2, 2, 1], groups.Select(g => g.Data.GetScatterPoints().Count)); // the non-finite point is left out
        var palette = new ScottPlot.Palettes.Category10();
        Assert.Equal([palette.GetColor(0), palette.GetColor(1), palette.GetColor(2)], groups.Select(g => g.MarkerFillColor));
    }

    [Fact]
    public void ClustersWithoutNamesAndNoiseAreLabelled()
    {
        var plot = StudyFigures.Scatter([[0, 0], [1, 1], [2, 2]], [-1, 0, 12], [], "by cluster", "cluster");
        Assert.Equal(["noise", "cluster 0", "cluster 12"], Legend(plot));
    }

    [Fact]
    public void ARenderedFigureIsNotBlank()
    {
        // Decoded back through SkiaSharp: the plot area holds the series' colours, not only the white background.
        var png = StudyFigures.Png(StudyFigures.LossCurves(Epochs, "t"));
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal(StudyFigures.Width, bitmap.Width);
        var blue = new ScottPlot.Palettes.Category10().GetColor(0);
        var pixels = bitmap.Pixels;
        Assert.Contains(pixels, p => Math.Abs(p.Red - blue.R) < 8 && Math.Abs(p.Green - blue.G) < 8 && Math.Abs(p.Blue - blue.B) < 8);
    }
}
