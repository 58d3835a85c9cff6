using MusicDashboard.Dashboard.Model;
using MusicDashboard.Training.Models;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>
/// Compare's loss chart: the total loss of each compared run, or of each group of runs (same config, other seeds) as the
/// mean over its runs with a ± std band, one colour per run or group, drawn as <see cref="LossChartOptions"/> asks. Each
/// run is smoothed on its own (as TensorBoard does) before the group's mean and spread are taken; the raw mean is drawn
/// faint behind a smoothed curve.
/// </summary>
public static class LossOverlay
{
    public static Plotly.Blazor.Layout Layout(LossChartOptions options)
    {
        var layout = new Plotly.Blazor.Layout
        {
            Height = 340,
            Margin = new Margin { L = 55, R = 10, T = 10, B = 40 },
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.15m }],
            HoverMode = HoverModeEnum.X,
        };
        LossTraces.ApplyAxes(layout, options);
        return layout;
    }

    /// <summary>The traces of <paramref name="groups"/>: per group its band (groups of several runs), its faint raw mean
    /// (when smoothing) and its curve. Runs without epochs are left out; a group none of whose runs has any is skipped.</summary>
    public static IList<ITrace> Data(IReadOnlyList<RunGroup> groups, IReadOnlyDictionary<int, IReadOnlyList<EpochReport>> epochs, LossChartOptions options)
    {
        var traces = new List<ITrace>();
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var runs = g.RunIds.Select(id => epochs.GetValueOrDefault(id) ?? []).Where(e => e.Count > 0).ToList();
            if (runs.Count == 0) continue;
            var colour = ChartPalette.At(i);
            var raw = CurveBand.Of(runs.Select(r => Points(r, options.X, r.Select(e => e.Loss).ToArray())).ToList());
            var smooth = CurveBand.Of(runs.Select(r => Points(r, options.X, DebiasedEma.Smooth(r.Select(e => e.Loss), options.Smoothing))).ToList());
            var name = runs.Count > 1 ? $"{g.Label}: mean ± std" : g.Label;
            if (smooth.Std is { } std) traces.AddRange(LossTraces.Band(name, colour, smooth.X, smooth.Mean, std, options.LogY));
            if (options.Smoothing > 0) traces.Add(LossTraces.Raw(name, colour, raw.X, raw.Mean, options.LogY, visible: true));
            traces.Add(LossTraces.Line(name, colour, smooth.X, smooth.Mean, options.LogY));
        }
        return traces;
    }

    /// <summary>How many drawn values a log axis leaves out (the bands' lower edges included).</summary>
    public static int NonPositive(IReadOnlyList<RunGroup> groups, IReadOnlyDictionary<int, IReadOnlyList<EpochReport>> epochs) =>
        groups.SelectMany(g => g.RunIds).Sum(id => LossTraces.NonPositive((epochs.GetValueOrDefault(id) ?? []).Select(e => e.Loss)));

    /// <summary>A run's (epoch, x, y) points: x the epoch, or the training time at the epoch's end (the sum of the
    /// epochs' seconds so far).</summary>
    private static List<(int Epoch, double X, double Y)> Points(IReadOnlyList<EpochReport> run, ChartXAxis axis, double[] y)
    {
        var points = new List<(int, double, double)>(run.Count);
        var seconds = 0.0;
        for (var j = 0; j < run.Count; j++)
        {
            seconds += run[j].Seconds;
            points.Add((run[j].Epoch, axis == ChartXAxis.Wall ? Math.Round(seconds, 3) : run[j].Epoch, y[j]));
        }
        return points;
    }
}
