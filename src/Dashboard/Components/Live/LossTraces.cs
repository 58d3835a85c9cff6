using System.Globalization;
using MusicDashboard.Dashboard.Model;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;

namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>
/// The loss charts' traces and axes as <see cref="LossChartOptions"/> asks (the run page's <see cref="LossChart"/> and
/// Compare): a curve, its raw values faint behind it when smoothed, a ± std band, log or linear y.
/// </summary>
public static class LossTraces
{
    /// <summary>Opacity of the raw curve behind a smoothed one.</summary>
    public const decimal RawOpacity = 0.25m;

    /// <summary>A y value as drawn: on a log axis a value at or below 0 has no place and is left out (a gap).</summary>
    public static object? Y(double value, bool logY) => logY && value <= 0 || !double.IsFinite(value) ? null : value;

    public static List<object> Ys(IEnumerable<double> values, bool logY) => values.Select(v => Y(v, logY)!).ToList();

    /// <summary>How many of <paramref name="values"/> a log axis cannot draw.</summary>
    public static int NonPositive(IEnumerable<double> values) => values.Count(v => v <= 0);

    /// <summary>The drawn curve, named in the legend.</summary>
    public static Scatter Line(string name, string colour, IEnumerable<double> x, IEnumerable<double> y, bool logY, bool markers = false) => new()
    {
        Name = name,
        LegendGroup = name,
        Mode = markers ? ModeFlag.Lines | ModeFlag.Markers : ModeFlag.Lines,
        Line = new Line { Color = colour, Width = 2 },
        Marker = new Marker { Size = 4, Color = colour },
        X = x.Select(v => (object)v).ToList(),
        Y = Ys(y, logY),
    };

    /// <summary>The raw values behind a smoothed curve: faint, in the curve's legend group, without a legend entry of
    /// its own; hidden (its data kept, so a live chart can go on extending it) when nothing is smoothed.</summary>
    public static Scatter Raw(string name, string colour, IEnumerable<double> x, IEnumerable<double> y, bool logY, bool visible) => new()
    {
        Name = name + " (raw)",
        LegendGroup = name,
        ShowLegend = false,
        Visible = visible ? VisibleEnum.True : VisibleEnum.False,
        Opacity = RawOpacity,
        Mode = ModeFlag.Lines,
        Line = new Line { Color = colour, Width = 1 },
        HoverInfo = HoverInfoFlag.Skip,
        X = x.Select(v => (object)v).ToList(),
        Y = Ys(y, logY),
    };

    /// <summary>The ± std band of a curve: the lower edge, then the upper edge filled down to it (fill 'tonexty').</summary>
    public static IEnumerable<Scatter> Band(string name, string colour, IReadOnlyList<double> x, IReadOnlyList<double> mean, IReadOnlyList<double> std, bool logY)
    {
        var lower = mean.Zip(std, (m, s) => m - s);
        var upper = mean.Zip(std, (m, s) => m + s);
        yield return Edge(name, name + " − std", x, lower, logY, fill: false, colour);
        yield return Edge(name, name + " + std", x, upper, logY, fill: true, colour);
    }

    private static Scatter Edge(string group, string name, IEnumerable<double> x, IEnumerable<double> y, bool logY, bool fill, string colour) => new()
    {
        Name = name,
        LegendGroup = group,
        ShowLegend = false,
        Mode = ModeFlag.Lines,
        Line = new Line { Width = 0, Color = colour },
        Fill = fill ? FillEnum.ToNextY : FillEnum.None,
        FillColor = Transparent(colour, 0.2),
        HoverInfo = HoverInfoFlag.Skip,
        X = x.Select(v => (object)v).ToList(),
        Y = Ys(y, logY),
    };

    /// <summary>A #rrggbb colour as rgba with <paramref name="alpha"/>.</summary>
    public static string Transparent(string hex, double alpha)
    {
        var h = hex.TrimStart('#');
        int C(int i) => int.Parse(h.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return FormattableString.Invariant($"rgba({C(0)},{C(2)},{C(4)},{alpha})");
    }

    /// <summary>Sets the axes of <paramref name="layout"/> for <paramref name="options"/>. The ui revision follows the
    /// options: a live extension keeps the user's zoom, a new axis type starts from a fitting range.</summary>
    public static void ApplyAxes(Plotly.Blazor.Layout layout, LossChartOptions options, string? subject = null)
    {
        layout.XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = options.XTitle }, AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True }];
        layout.YAxis = [new YAxis
        {
            Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = options.LogY ? "loss (log)" : "loss" },
            Type = options.LogY ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
            AutoMargin = Plotly.Blazor.LayoutLib.YAxisLib.AutoMarginFlag.True,
        }];
        layout.UiRevision = $"{subject}|{options.LogY}|{options.X}";
    }
}
