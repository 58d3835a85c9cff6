using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Reports;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.BarLib;

namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>
/// Compare's bar chart of one metric: horizontal bars, one row per method (its full name on the y axis, which grows its
/// margin to fit), one bar per compared run or group (the group's mean with a ± std error bar) and the study's figure.
/// </summary>
public static class MetricBars
{
    public sealed record Metric(string Key, string Title, Func<MetricsRow, double?> Value, Func<MetricsRow, double?> Std);

    public static readonly Metric[] All =
    [
        new("silhouette", "Silhouette ↑", r => r.Silhouette, r => r.SilhouetteStd),
        new("db", "Davies-Bouldin ↓", r => r.DaviesBouldin, r => r.DaviesBouldinStd),
        new("ch", "Calinski-Harabasz ↑", r => r.CalinskiHarabasz, r => r.CalinskiHarabaszStd),
        new("ari", "ARI ↑", r => r.Ari, r => r.AriStd),
        new("nmi", "NMI ↑", r => r.Nmi, r => r.NmiStd),
        new("purity", "Purity ↑", r => r.Purity, r => r.PurityStd),
    ];

    public static Plotly.Blazor.Layout Layout(int methods, int sources) => new()
    {
        Height = Math.Max(220, 70 + methods * Math.Max(1, sources) * 12),
        BarMode = BarModeEnum.Group,
        Margin = new Margin { L = 10, R = 20, T = 5, B = 30 },
        YAxis = [new YAxis { AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True, AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed }],
        XAxis = [new XAxis { AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True }],
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.12m, TraceOrder = Plotly.Blazor.LayoutLib.LegendLib.TraceOrderFlag.Normal }],
    };

    /// <summary>One trace per source (its rows by method), then the study's.</summary>
    public static IList<ITrace> Data(Metric metric, IReadOnlyList<(string Source, IReadOnlyList<MetricsRow> Rows)> sources)
    {
        var traces = new List<ITrace>();
        for (var i = 0; i < sources.Count; i++)
            traces.Add(Bars(sources[i].Source, ChartPalette.At(i), sources[i].Rows, metric));
        traces.Add(Bars("study (GTZAN)", "#9ca3af", Table2Report.Study, metric));
        return traces;
    }

    private static Bar Bars(string name, string colour, IReadOnlyList<MetricsRow> rows, Metric metric)
    {
        var bar = new Bar
        {
            Name = name,
            Orientation = OrientationEnum.H,
            Y = rows.Select(r => (object)r.Method).ToList(),
            X = rows.Select(r => (object?)Finite(metric.Value(r))!).ToList(),
            Marker = new Marker { Color = colour },
        };
        if (rows.Any(r => metric.Std(r) is not null))
            bar.ErrorX = new ErrorX { Type = Plotly.Blazor.Traces.BarLib.ErrorXLib.TypeEnum.Data, Visible = true, Array = rows.Select(r => (object?)Finite(metric.Std(r))!).ToList(), Color = "#374151", Thickness = 1.2m, Width = 3 };
        return bar;
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;
}
