using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>The loss-per-epoch chart of a run: total, reconstruction and KL. Built once from the snapshot's epochs, then
/// extended point by point (plotly extendTraces), never re-plotted.</summary>
public sealed class LossChart
{
    /// <summary>Cap of points kept per loss trace in the browser: extendTraces slows down as arrays grow.</summary>
    public const int MaxPoints = 5000;

    private readonly List<EpochCompletedEvent> _epochs = [];

    public Plotly.Blazor.Layout Layout { get; } = new()
    {
        Height = 320,
        Margin = new Margin { L = 55, R = 10, T = 10, B = 40 },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "epoch" } }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "loss" } }],
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.12m }],
    };

    public IList<ITrace> Data { get; private set; } = [];

    public IReadOnlyList<EpochCompletedEvent> Epochs => _epochs;

    public int LastEpoch => _epochs.Count > 0 ? _epochs[^1].Epoch : 0;

    /// <summary>Starts from the snapshot's epochs.</summary>
    public void Reset(IEnumerable<EpochCompletedEvent> epochs)
    {
        _epochs.Clear();
        _epochs.AddRange(epochs);
        Data =
        [
            Trace("total", "#4338ca", e => e.Loss),
            Trace("reconstruction", "#0f766e", e => e.Reconstruction),
            Trace("KL", "#d97706", e => e.Kl),
        ];
    }

    /// <summary>Keeps an epoch newer than the last one; false for a repeat (a replayed epoch).</summary>
    public bool Add(EpochCompletedEvent e)
    {
        if (_epochs.Count > 0 && e.Epoch <= _epochs[^1].Epoch) return false;
        _epochs.Add(e);
        return true;
    }

    /// <summary>Appends new epochs to the drawn chart.</summary>
    public async Task ExtendAsync(PlotlyChart? chart, IReadOnlyList<EpochCompletedEvent> epochs)
    {
        if (chart is null || epochs.Count == 0) return;
        var x = epochs.Select(e => (object)e.Epoch).ToArray();
        await chart.ExtendTraces(
            [x, x, x],
            [epochs.Select(e => (object)e.Loss).ToArray(), epochs.Select(e => (object)e.Reconstruction).ToArray(), epochs.Select(e => (object)e.Kl).ToArray()],
            [0, 1, 2], MaxPoints);
    }

    public string Caption(RunState state) => _epochs.Count > 0
        ? $"{_epochs.Count} epoch(s); last: loss {_epochs[^1].Loss:0.###}, reconstruction {_epochs[^1].Reconstruction:0.###}, KL {_epochs[^1].Kl:0.###}, beta {_epochs[^1].Beta:0.##}"
        : RunStates.IsFinished(state) ? "No epoch was recorded: the run ended before training." : "Epochs appear here as training goes (after the features are extracted).";

    private Scatter Trace(string name, string colour, Func<EpochCompletedEvent, double> value) => new()
    {
        Name = name,
        Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = colour, Width = 2 },
        Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Size = 4, Color = colour },
        X = _epochs.Select(e => (object)e.Epoch).ToList(),
        Y = _epochs.Select(e => (object)value(e)).ToList(),
    };
}
