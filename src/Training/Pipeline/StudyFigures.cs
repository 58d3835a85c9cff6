using ScottPlot;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// The study's figures, drawn with ScottPlot and rendered headless (SkiaSharp) as PNG: per model the loss curves (total,
/// reconstruction, KL, validation when present) over the epochs, and the final 2-D projection of its latent means coloured
/// by genre (or by cluster when the collection has no genres). Every figure has a title, labelled axes with ticks and a
/// legend, so it reads without table2.md. Drawn for the first seed of each preset by <c>reproduce</c>, and for any stored
/// run by the dashboard (<c>/api/runs/{id}/figures/...</c>).
/// </summary>
public static class StudyFigures
{
    public const int Width = 800, Height = 500;

    /// <summary>Series of the loss figure, in drawing order (Category10 colours: blue, orange, green, red).</summary>
    public static readonly IReadOnlyList<string> LossSeries = ["total loss", "reconstruction", "KL divergence", "validation loss"];

    /// <summary>Writes the figures into <paramref name="outDir"/>/figures and returns their paths relative to it.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<StudyRun> runs, string outDir)
    {
        Directory.CreateDirectory(Path.Combine(outDir, "figures"));
        var written = new List<string>();
        foreach (var run in runs.GroupBy(r => r.Preset).Select(g => g.OrderBy(r => r.Seed).First()))
        {
            if (run.Result.Epochs.Count > 0)
            {
                Save(LossCurves(run.Result.Epochs, LossTitle(run.Preset, run.Seed)), Path.Combine(outDir, FileName("loss", run.Preset, run.Seed)));
                written.Add(FileName("loss", run.Preset, run.Seed));
            }
            var latent = run.Result.Assignments.FirstOrDefault(a => a.Method == RunPipeline.LatentMethodName(run.Config));
            if (latent is not null)
            {
                var genres = run.Result.Features.GenreLabels(out var names);
                var plot = genres is not null
                    ? Scatter(latent.Projection, genres, names, $"{LatentTitle(run.Preset, run.Seed)} by genre", "genre")
                    : Scatter(latent.Projection, latent.Clusters, ClusterNames(latent.Clusters), $"{LatentTitle(run.Preset, run.Seed)} by cluster", "cluster");
                Save(plot, Path.Combine(outDir, FileName("latent", run.Preset, run.Seed)));
                written.Add(FileName("latent", run.Preset, run.Seed));
            }
        }
        return written;
    }

    /// <summary>The kinds of figure a study draws per preset, in file order.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["loss", "latent"];

    /// <summary>A study figure's path relative to its out folder: <c>figures/loss-mlp-vae-audio-seed0.png</c>.</summary>
    public static string FileName(string kind, string preset, int seed) => $"figures/{kind}-{preset}-seed{seed}.png";

    /// <summary>The kind, preset and seed of a study figure's file name (without folder), or null when it names none.</summary>
    public static (string Kind, string Preset, int Seed)? ParseFileName(string file)
    {
        var dash = file.IndexOf('-');
        var at = file.LastIndexOf("-seed", StringComparison.Ordinal);
        if (dash < 0 || at <= dash || !file.EndsWith(".png", StringComparison.Ordinal)) return null;
        var kind = file[..dash];
        var seedText = file[(at + 5)..^4];
        if (!Kinds.Contains(kind) || !int.TryParse(seedText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seed)) return null;
        return (kind, file[(dash + 1)..at], seed);
    }

    public static string LossTitle(string preset, int seed) => $"{preset}, seed {seed}: training loss";
    public static string LatentTitle(string preset, int seed) => $"{preset}, seed {seed}: latent means";

    /// <summary>Loss per epoch: total, reconstruction and KL, and the validation loss when every epoch has one.</summary>
    public static Plot LossCurves(IReadOnlyList<EpochReport> epochs, string title)
    {
        var plot = new Plot();
        var xs = epochs.Select(e => (double)e.Epoch).ToArray();
        var series = new List<double[]>
        {
            epochs.Select(e => e.Loss).ToArray(),
            epochs.Select(e => e.Reconstruction).ToArray(),
            epochs.Select(e => e.Kl).ToArray(),
        };
        if (epochs.Count > 0 && epochs.All(e => e.ValidationLoss is not null)) series.Add(epochs.Select(e => e.ValidationLoss!.Value).ToArray());
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < series.Count; s++)
        {
            var line = plot.Add.Scatter(xs, series[s].Select(v => double.IsFinite(v) ? v : double.NaN).ToArray(), palette.GetColor(s));
            line.LegendText = LossSeries[s];
            line.LineWidth = 2;
            line.MarkerSize = epochs.Count <= 30 ? 5 : 0;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("loss per sample");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>One dot per clip at its 2-D projection, one colour and legend entry per group (Category10, cycling after ten).</summary>
    public static Plot Scatter(double[][] points, int[] groups, IReadOnlyList<string> groupNames, string title, string groupKind)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var g in groups.Distinct().Order())
        {
            var members = Enumerable.Range(0, points.Length)
                .Where(i => groups[i] == g && double.IsFinite(points[i][0]) && (points[i].Length < 2 || double.IsFinite(points[i][1]))).ToList();
            if (members.Count == 0) continue;
            var dots = plot.Add.ScatterPoints(members.Select(i => points[i][0]).ToArray(), members.Select(i => points[i].Length > 1 ? points[i][1] : 0).ToArray(),
                palette.GetColor(((g % 10) + 10) % 10));
            dots.LegendText = g >= 0 && g < groupNames.Count ? groupNames[g] : g < 0 ? "noise" : $"{groupKind} {g}";
            dots.MarkerSize = 6;
        }
        plot.Title(title);
        plot.XLabel("component 1");
        plot.YLabel("component 2");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>The figure as PNG bytes, <see cref="Width"/> x <see cref="Height"/>.</summary>
    public static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);

    public static void Save(Plot plot, string path) => File.WriteAllBytes(path, Png(plot));

    private static IReadOnlyList<string> ClusterNames(int[] clusters) =>
        Enumerable.Range(0, Math.Max(0, clusters.DefaultIfEmpty(-1).Max() + 1)).Select(k => $"cluster {k}").ToList();
}
