using MusicDashboard.Core.Reports;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// The study's pictures, rendered headless as PNG: per model the loss curves (total, reconstruction, KL, validation when
/// present; one shared y-axis from 0) and the final 2-D projection of its latent means coloured by genre. Drawn for the
/// first seed of each preset. No text is rasterised: the caption lines in table2.md name the series and colours.
/// </summary>
public static class StudyFigures
{
    private const int W = 640, H = 400, Margin = 30;
    private static readonly (byte, byte, byte) White = (255, 255, 255), Axis = (60, 60, 60);

    /// <summary>Writes the figures into <paramref name="outDir"/>/figures and returns their paths relative to it.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<StudyRun> runs, string outDir)
    {
        var dir = Path.Combine(outDir, "figures");
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        foreach (var run in runs.GroupBy(r => r.Preset).Select(g => g.OrderBy(r => r.Seed).First()))
        {
            var stem = $"{run.Preset}-seed{run.Seed}";
            if (run.Result.Epochs.Count > 0)
            {
                LossCurves(run.Result.Epochs).Save(Path.Combine(dir, $"loss-{stem}.png"));
                written.Add($"figures/loss-{stem}.png");
            }
            var latent = run.Result.Assignments.LastOrDefault(a => a.Method == RunPipeline.LatentMethodName(run.Config));
            if (latent is not null)
            {
                var genres = run.Result.Features.GenreLabels(out _);
                Scatter(latent.Projection, genres ?? latent.Clusters).Save(Path.Combine(dir, $"latent-{stem}.png"));
                written.Add($"figures/latent-{stem}.png");
            }
        }
        return written;
    }

    /// <summary>Series colours: total loss = palette 0 (blue), reconstruction = 1 (orange), KL = 2 (green), validation = 3 (red).</summary>
    public static PngCanvas LossCurves(IReadOnlyList<Models.EpochReport> epochs)
    {
        var series = new List<double[]>
        {
            epochs.Select(e => e.Loss).ToArray(),
            epochs.Select(e => e.Reconstruction).ToArray(),
            epochs.Select(e => e.Kl).ToArray(),
        };
        if (epochs.All(e => e.ValidationLoss is not null)) series.Add(epochs.Select(e => e.ValidationLoss!.Value).ToArray());
        var finite = series.SelectMany(s => s).Where(double.IsFinite).ToList();
        var max = finite.Count == 0 ? 1 : Math.Max(finite.Max(), 1e-12);
        var min = Math.Min(0, finite.Count == 0 ? 0 : finite.Min());
        var canvas = Frame();
        for (var s = 0; s < series.Count; s++)
        {
            var ys = series[s];
            (int X, int Y) P(int i) => (Margin + (ys.Length == 1 ? 0 : i * (W - 2 * Margin) / (ys.Length - 1)),
                H - Margin - (int)Math.Round((ys[i] - min) / (max - min) * (H - 2 * Margin)));
            for (var i = 0; i < ys.Length; i++)
            {
                if (!double.IsFinite(ys[i])) continue;
                var p = P(i);
                canvas.Dot(p.X, p.Y, 2, PngCanvas.Palette[s]);
                if (i > 0 && double.IsFinite(ys[i - 1])) { var q = P(i - 1); canvas.Line(q.X, q.Y, p.X, p.Y, PngCanvas.Palette[s], 2); }
            }
        }
        return canvas;
    }

    /// <summary>Points coloured by <paramref name="groups"/> (genre index; palette cycles after ten).</summary>
    public static PngCanvas Scatter(double[][] points, int[] groups)
    {
        var canvas = Frame();
        var xs = points.Select(p => p[0]).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        var ys = points.Select(p => p.Length > 1 ? p[1] : 0).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        double x0 = xs.Min(), x1 = Math.Max(xs.Max(), x0 + 1e-12), y0 = ys.Min(), y1 = Math.Max(ys.Max(), y0 + 1e-12);
        for (var i = 0; i < points.Length; i++)
        {
            var (px, py) = (points[i][0], points[i].Length > 1 ? points[i][1] : 0);
            if (!double.IsFinite(px) || !double.IsFinite(py)) continue;
            var x = Margin + (int)Math.Round((px - x0) / (x1 - x0) * (W - 2 * Margin));
            var y = H - Margin - (int)Math.Round((py - y0) / (y1 - y0) * (H - 2 * Margin));
            canvas.Dot(x, y, 3, PngCanvas.Palette[((groups[i] % 10) + 10) % 10]);
        }
        return canvas;
    }

    private static PngCanvas Frame()
    {
        var c = new PngCanvas(W, H, White);
        c.Line(Margin, H - Margin, W - Margin, H - Margin, Axis);
        c.Line(Margin, Margin, Margin, H - Margin, Axis);
        return c;
    }
}
