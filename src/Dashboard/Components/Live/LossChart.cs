using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;

namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>
/// The loss-per-epoch chart of a run: total, reconstruction and KL, drawn as <see cref="Options"/> asks (log y, smoothing
/// with the raw curves faint behind, x by epoch or training time). Built once from the snapshot's epochs, then extended
/// point by point (plotly extendTraces), never re-plotted while live; the smoothing state (<see cref="DebiasedEma"/>) and
/// the running training time are kept here so an extension continues the drawn curves exactly.
/// </summary>
public sealed class LossChart
{
    /// <summary>Cap of points kept per loss trace in the browser: extendTraces slows down as arrays grow.</summary>
    public const int MaxPoints = 5000;

    private static readonly (string Name, string Colour, Func<EpochCompletedEvent, double> Value)[] Series =
    [
        ("total", "#4338ca", e => e.Loss),
        ("reconstruction", "#0f766e", e => e.Reconstruction),
        ("KL", "#d97706", e => e.Kl),
    ];

    private readonly List<EpochCompletedEvent> _epochs = [];
    private DebiasedEma[] _smoothers = [];
    private double _trainingSeconds;

    public Plotly.Blazor.Layout Layout { get; } = new()
    {
        Height = 320,
        Margin = new Margin { L = 55, R = 10, T = 10, B = 40 },
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.12m }],
    };

    /// <summary>The raw curves (traces 0-2: total, reconstruction, KL; faint, shown only when smoothing), then the drawn
    /// curves (traces 3-5, smoothed or raw). One list, changed in place, so the drawn chart keeps its reference.</summary>
    public IList<ITrace> Data { get; } = [];

    public LossChartOptions Options { get; private set; } = LossChartOptions.Default;

    public IReadOnlyList<EpochCompletedEvent> Epochs => _epochs;

    public int LastEpoch => _epochs.Count > 0 ? _epochs[^1].Epoch : 0;

    /// <summary>Starts from the snapshot's epochs.</summary>
    public void Reset(IEnumerable<EpochCompletedEvent> epochs)
    {
        _epochs.Clear();
        _epochs.AddRange(epochs);
        Rebuild();
    }

    /// <summary>Draws with other options: the traces are rebuilt from the epochs (the page then re-plots once).</summary>
    public void Apply(LossChartOptions options)
    {
        Options = options;
        Rebuild();
    }

    /// <summary>Keeps an epoch newer than the last one; false for a repeat (a replayed epoch).</summary>
    public bool Add(EpochCompletedEvent e)
    {
        if (_epochs.Count > 0 && e.Epoch <= _epochs[^1].Epoch) return false;
        _epochs.Add(e);
        return true;
    }

    /// <summary>Appends new epochs (already <see cref="Add"/>ed) to the drawn chart: raw and smoothed points continue
    /// from the kept smoothing state and training time.</summary>
    public async Task ExtendAsync(PlotlyChart? chart, IReadOnlyList<EpochCompletedEvent> epochs)
    {
        if (chart is null || epochs.Count == 0) return;
        var (xs, ys) = Points(epochs);
        await chart.ExtendTraces([xs, xs, xs, xs, xs, xs], ys, [0, 1, 2, 3, 4, 5], MaxPoints);
    }

    public string Caption(RunState state)
    {
        if (_epochs.Count == 0)
            return RunStates.IsFinished(state) ? "No epoch was recorded: the run ended before training." : "Epochs appear here as training goes (after the features are extracted).";
        var last = _epochs[^1];
        var text = $"{_epochs.Count} epoch(s); last: loss {last.Loss:0.###}, reconstruction {last.Reconstruction:0.###}, KL {last.Kl:0.###}, beta {last.Beta:0.##}";
        var options = Options.Describe(Options.LogY ? Series.Sum(s => LossTraces.NonPositive(_epochs.Select(s.Value))) : 0);
        return options.Length == 0 ? text : $"{text}. {char.ToUpperInvariant(options[0])}{options[1..]}.";
    }

    private void Rebuild()
    {
        _smoothers = Series.Select(_ => new DebiasedEma(Options.Smoothing)).ToArray();
        _trainingSeconds = 0;
        var (xs, ys) = Points(_epochs);
        var x = xs.Select(v => (double)v).ToList();
        Data.Clear();
        for (var i = 0; i < Series.Length; i++)
            Data.Add(LossTraces.Raw(Series[i].Name, Series[i].Colour, x, ys[i].Select(Value), Options.LogY, visible: Options.Smoothing > 0));
        for (var i = 0; i < Series.Length; i++)
            Data.Add(LossTraces.Line(Series[i].Name, Series[i].Colour, x, ys[Series.Length + i].Select(Value), Options.LogY, markers: Options.Smoothing == 0));
        LossTraces.ApplyAxes(Layout, Options);
        static double Value(object? v) => v is double d ? d : double.NaN;
    }

    /// <summary>x and, per trace, y of <paramref name="epochs"/> as they continue the drawn chart, advancing the smoothing
    /// state and training time (what <see cref="ExtendAsync"/> sends).</summary>
    public (object[] X, object?[][] Y) Points(IReadOnlyList<EpochCompletedEvent> epochs)
    {
        var x = new object[epochs.Count];
        var y = Enumerable.Range(0, 2 * Series.Length).Select(_ => new object?[epochs.Count]).ToArray();
        for (var j = 0; j < epochs.Count; j++)
        {
            var e = epochs[j];
            _trainingSeconds += e.Seconds;
            x[j] = Options.X == ChartXAxis.Wall ? Math.Round(_trainingSeconds, 3) : (double)e.Epoch;
            for (var i = 0; i < Series.Length; i++)
            {
                var raw = Series[i].Value(e);
                y[i][j] = LossTraces.Y(raw, Options.LogY);
                y[Series.Length + i][j] = LossTraces.Y(_smoothers[i].Next(raw), Options.LogY);
            }
        }
        return (x, y);
    }
}
