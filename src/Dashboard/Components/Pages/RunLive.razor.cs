using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Storage;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Dashboard.Components.Controls;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace MusicDashboard.Dashboard.Components.Pages;

/// <summary>
/// One run, live: starts from the broker's snapshot and applies its events in batches (at most one render every
/// <see cref="RenderGap"/>). The loss chart is extended point by point (plotly extendTraces), never re-plotted; the latent
/// scatter is one WebGL trace with a colour array, replaced when a projection arrives.
/// </summary>
public partial class RunLive : IAsyncDisposable
{
    private static readonly TimeSpan RenderGap = TimeSpan.FromMilliseconds(50);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Tableau-20: distinct enough for up to 20 clusters or genres; more cycle.</summary>
    public static readonly string[] Palette =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
    ];

    [Parameter] public int RunId { get; set; }

    [Inject] private RunBroker Broker { get; set; } = default!;
    [Inject] private RunQueue Queue { get; set; } = default!;
    [Inject] private RunResumer Resumer { get; set; } = default!;
    [Inject] private RunDetailQuery RunDetail { get; set; } = default!;
    [Inject] private AppPaths Paths { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<RunLive> Log { get; set; } = default!;

    /// <summary>Where one point of a method's projection came from (known once the run's assignments are stored).</summary>
    public sealed record PointInfo(int TrackId, string File, string? Genre, int ClipIndex);

    private RunSubscription? _subscription;
    private CancellationTokenSource _cts = new();
    private RunSnapshot? _snapshot;
    private bool _missing;
    private RunState _state;
    private string? _message;
    private string? _checkpoint;
    private ProgressEvent? _progress;
    private readonly List<EpochCompletedEvent> _epochs = [];
    private readonly List<MetricsRow> _metrics = [];
    private readonly List<LogLineEvent> _log = [];
    private readonly Dictionary<string, ProjectionUpdatedEvent> _projections = [];
    private Dictionary<string, List<PointInfo>> _points = [];
    private readonly List<string> _methods = [];
    private string? _method;
    private string _colourBy = "cluster";
    private int _subscribedFor = -1;

    private PlotlyChart? _lossChart, _scatterChart;
    // Set by each chart once plotly has drawn it: extending or re-plotting before that would hit a missing plot.
    private TaskCompletionSource _lossReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _scatterReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Config _chartConfig = new() { Responsive = true, DisplayLogo = false };
    private Plotly.Blazor.Layout _lossLayout = default!, _scatterLayout = default!, _heatLayout = default!;
    private IList<ITrace> _lossData = default!, _scatterData = default!, _heatData = [];
    private bool _contingencyReady;
    private int _contingencyKey;

    private IReadOnlyList<MetricsTable.Entry> MetricEntries => _metrics.Select(m => new MetricsTable.Entry($"#{RunId}", m)).ToList();

    protected override async Task OnParametersSetAsync()
    {
        if (_subscribedFor == RunId) return;
        _subscribedFor = RunId;
        await StopAsync();
        _cts = new CancellationTokenSource();
        Reset();
        _subscription = await Broker.SubscribeAsync(RunId, _cts.Token);
        if (_subscription is null)
        {
            _missing = true;
            return;
        }
        var s = _snapshot = _subscription.Snapshot;
        _state = ParseState(s.State);
        _message = s.Message;
        _progress = s.Progress;
        _epochs.AddRange(s.EpochList);
        _metrics.AddRange(s.Metrics);
        _log.AddRange(s.Log);
        foreach (var p in s.Projections) StoreProjection(p);
        BuildLossChart();
        if (RunStates.IsFinished(_state)) await LoadPointsAsync();
        BuildScatter();
        BuildContingency();
        _checkpoint = _state == RunState.Interrupted ? RunFacts.Checkpoint(Paths, RunId) : null;
        _ = PumpAsync(_subscription, s.Seq, _cts.Token);
        _ = TickAsync(_cts.Token);
    }

    private void Reset()
    {
        _missing = false;
        _snapshot = null;
        _epochs.Clear(); _metrics.Clear(); _log.Clear(); _projections.Clear(); _methods.Clear();
        _points = [];
        _method = null;
        _lossReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _scatterReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _contingencyReady = false;
    }

    /// <summary>Reads the run's events and applies them in batches on the renderer. Events at or below the snapshot's
    /// sequence number are already in it and are dropped.</summary>
    private async Task PumpAsync(RunSubscription subscription, long snapshotSeq, CancellationToken ct)
    {
        var reader = subscription.Events;
        var lastSeq = snapshotSeq;
        try
        {
            await Task.WhenAll(_lossReady.Task, _scatterReady.Task).WaitAsync(ct);
            while (await reader.WaitToReadAsync(ct))
            {
                var batch = new List<RunEvent>();
                while (reader.TryRead(out var e))
                {
                    if (e.Seq <= lastSeq) continue;
                    lastSeq = e.Seq;
                    batch.Add(e);
                }
                if (batch.Count > 0) await InvokeAsync(() => ApplyAsync(batch));
                await Task.Delay(RenderGap, ct);
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) when (e is JSException or JSDisconnectedException or ObjectDisposedException)
        {
            // The browser went away; the run goes on without this page.
            Log.LogDebug("Run page of {Run} stopped: {Message}", RunId, e.Message);
        }
    }

    private async Task ApplyAsync(IReadOnlyList<RunEvent> batch)
    {
        var newEpochs = new List<EpochCompletedEvent>();
        var projectionChanged = false;
        var finished = false;
        foreach (var e in batch)
        {
            switch (e)
            {
                case EpochCompletedEvent ep:
                    if (_epochs.Count > 0 && ep.Epoch <= _epochs[^1].Epoch) break;
                    _epochs.Add(ep);
                    newEpochs.Add(ep);
                    break;
                case ProjectionUpdatedEvent p:
                    StoreProjection(p);
                    projectionChanged = true;
                    break;
                case MetricsComputedEvent m: _metrics.Add(m.Row); break;
                case LogLineEvent l: _log.Add(l); break;
                case ProgressEvent pr: _progress = pr; break;
                case RunStateChangedEvent st:
                    _state = ParseState(st.State);
                    _message = st.Message;
                    if (RunStates.IsFinished(_state)) finished = true;
                    break;
            }
        }
        if (newEpochs.Count > 0) await ExtendLossAsync(newEpochs);
        if (finished)
        {
            await LoadPointsAsync();
            BuildContingency();
            projectionChanged = true;
        }
        if (projectionChanged) await RedrawScatterAsync();
        StateHasChanged();
    }

    private static RunState ParseState(string s) => Enum.TryParse<RunState>(s, ignoreCase: true, out var v) ? v : RunState.Queued;

    private void StoreProjection(ProjectionUpdatedEvent p)
    {
        _projections[p.Method] = p;
        if (!_methods.Contains(p.Method)) _methods.Add(p.Method);
        // Follow the model: the latest method to report (the latent one after the baseline) is shown unless the user chose.
        if (!_methodChosen) _method = p.Method;
    }

    private bool _methodChosen;

    // ---- loss chart ----

    private void BuildLossChart()
    {
        _lossLayout = new Plotly.Blazor.Layout
        {
            Height = 320,
            Margin = new Margin { L = 55, R = 10, T = 10, B = 40 },
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "epoch" } }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "loss" } }],
            Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = 1.12m }],
        };
        _lossData =
        [
            LossTrace("total", "#4338ca", e => e.Loss),
            LossTrace("reconstruction", "#0f766e", e => e.Reconstruction),
            LossTrace("KL", "#d97706", e => e.Kl),
        ];
    }

    private Scatter LossTrace(string name, string colour, Func<EpochCompletedEvent, double> value) => new()
    {
        Name = name,
        Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = colour, Width = 2 },
        Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Size = 4, Color = colour },
        X = _epochs.Select(e => (object)e.Epoch).ToList(),
        Y = _epochs.Select(e => (object)value(e)).ToList(),
    };

    /// <summary>Cap of points kept per loss trace in the browser: extendTraces slows down as arrays grow.</summary>
    private const int MaxLossPoints = 5000;

    private async Task ExtendLossAsync(List<EpochCompletedEvent> epochs)
    {
        if (_lossChart is null) return;
        var x = epochs.Select(e => (object)e.Epoch).ToArray();
        await _lossChart.ExtendTraces(
            [x, x, x],
            [epochs.Select(e => (object)e.Loss).ToArray(), epochs.Select(e => (object)e.Reconstruction).ToArray(), epochs.Select(e => (object)e.Kl).ToArray()],
            [0, 1, 2], MaxLossPoints);
    }

    private string LossCaption => _epochs.Count > 0
        ? $"{_epochs.Count} epoch(s); last: loss {_epochs[^1].Loss:0.###}, reconstruction {_epochs[^1].Reconstruction:0.###}, KL {_epochs[^1].Kl:0.###}, beta {_epochs[^1].Beta:0.##}"
        : RunStates.IsFinished(_state) ? "No epoch was recorded: the run ended before training." : "Epochs appear here as training goes (after the features are extracted).";

    // ---- latent scatter ----

    private ProjectionUpdatedEvent? Current => _method is not null && _projections.TryGetValue(_method, out var p) ? p : null;

    private string ScatterTitle => Current is { } p
        ? p.Final ? $"{p.Method}: {p.Technique.ToUpperInvariant()} projection" : $"Latent means during training: PCA at epoch {p.Epoch}"
        : "Latent projection";

    private string ScatterCaption
    {
        get
        {
            var p = Current;
            if (p is null) return _state is RunState.Queued or RunState.Running ? "Points appear every few epochs while training (PCA of the latent means), and after clustering." : "No projection was recorded for this run.";
            var info = _method is not null && _points.TryGetValue(_method, out var pts) && pts.Count == p.X.Length;
            var colour = _colourBy == "genre" && !info ? "Genres are known once the run's clips are stored (end of the run): one colour until then. "
                : _colourBy == "cluster" && p.Clusters is null ? "No clusters yet (training): one colour until clustering. " : "";
            return $"{p.X.Length:N0} clips. {colour}" + (info ? "Hover a point for its track; click it to open the track." : "");
        }
    }

    private void BuildScatter()
    {
        _scatterLayout = new Plotly.Blazor.Layout
        {
            Height = 320,
            Margin = new Margin { L = 40, R = 10, T = 10, B = 30 },
            HoverMode = HoverModeEnum.Closest,
            ShowLegend = false,
        };
        _scatterData = [ScatterTrace()];
    }

    private ScatterGl ScatterTrace()
    {
        var p = Current;
        var trace = new ScatterGl
        {
            Name = _method ?? "points",
            Mode = Plotly.Blazor.Traces.ScatterGlLib.ModeFlag.Markers,
            X = p?.X.Select(v => (object)v).ToList() ?? [],
            Y = p?.Y.Select(v => (object)v).ToList() ?? [],
            Marker = new Plotly.Blazor.Traces.ScatterGlLib.Marker { Size = 6, Opacity = 0.85m },
            HoverInfo = Plotly.Blazor.Traces.ScatterGlLib.HoverInfoFlag.Text,
        };
        if (p is null) return trace;
        var (colours, labels) = Colours(p);
        if (colours is null) trace.Marker.Color = "#4338ca";
        else trace.Marker.ColorArray = colours.Select(c => (object)c).ToList();
        trace.TextArray = HoverTexts(p, labels);
        return trace;
    }

    /// <summary>Per-point colours and labels for the chosen colouring, or null colours when it is not known yet.</summary>
    private (string[]? Colours, string[]? Labels) Colours(ProjectionUpdatedEvent p)
    {
        var info = _method is not null && _points.TryGetValue(_method, out var pts) && pts.Count == p.X.Length ? pts : null;
        if (_colourBy == "genre")
        {
            if (info is null) return (null, null);
            var genres = info.Select(i => i.Genre ?? "(none)").Distinct().Order(StringComparer.Ordinal).ToList();
            var labels = info.Select(i => i.Genre ?? "(none)").ToArray();
            return (labels.Select(g => Palette[genres.IndexOf(g) % Palette.Length]).ToArray(), labels);
        }
        if (p.Clusters is null) return (null, null);
        return (p.Clusters.Select(c => Palette[((c % Palette.Length) + Palette.Length) % Palette.Length]).ToArray(), p.Clusters.Select(c => $"cluster {c}").ToArray());
    }

    private List<string> HoverTexts(ProjectionUpdatedEvent p, string[]? labels)
    {
        var info = _method is not null && _points.TryGetValue(_method, out var pts) && pts.Count == p.X.Length ? pts : null;
        var texts = new List<string>(p.X.Length);
        for (var i = 0; i < p.X.Length; i++)
        {
            var cluster = p.Clusters is null ? "" : $"<br>cluster {p.Clusters[i]}";
            texts.Add(info is null
                ? $"clip {i}{cluster}"
                : $"{info[i].File} (clip {info[i].ClipIndex})<br>genre {info[i].Genre ?? "—"}{cluster}");
        }
        return texts;
    }

    /// <summary>Legend chips: the colour of each cluster or genre in the scatter.</summary>
    private IReadOnlyList<(string Label, string Colour)> LegendItems()
    {
        var p = Current;
        if (p is null) return [];
        var (colours, labels) = Colours(p);
        if (colours is null || labels is null) return [];
        return labels.Zip(colours).Distinct().OrderBy(x => x.First, StringComparer.Ordinal).Select(x => (x.First, x.Second)).ToList();
    }

    private async Task RedrawScatterAsync()
    {
        _scatterData[0] = ScatterTrace();
        if (_scatterChart is not null) await _scatterChart.React();
    }

    private async Task OnColourChangedAsync(string value)
    {
        _colourBy = value;
        await RedrawScatterAsync();
    }

    private async Task OnMethodChangedAsync(string method)
    {
        _method = method;
        _methodChosen = true;
        await RedrawScatterAsync();
        BuildContingency();
    }

    private void OnScatterDrawn()
    {
        _ = _scatterChart?.SubscribeClickEvent();
        _scatterReady.TrySetResult();
    }

    private void OnLossDrawn() => _lossReady.TrySetResult();

    private void OnPointClicked(IEnumerable<EventDataPoint> points)
    {
        var point = points.FirstOrDefault();
        if (point?.PointNumber is null || _method is null || !_points.TryGetValue(_method, out var info)) return;
        var index = Convert.ToInt32(point.PointNumber, Invariant);
        if (index < 0 || index >= info.Count) return;
        var cluster = Current?.Clusters is { } c && index < c.Length ? $"&cluster={c[index]}" : "";
        _ = InvokeAsync(() => Navigation.NavigateTo($"tracks?run={RunId}&method={Uri.EscapeDataString(_method)}&track={info[index].TrackId}{cluster}"));
    }

    /// <summary>Which track each stored point came from: the run's assignments in stored (clip) order, per method.</summary>
    private async Task LoadPointsAsync()
    {
        try
        {
            var rows = await RunDetail.AssignmentsAsync(RunId, _cts.Token);
            _points = rows.GroupBy(r => r.Method).ToDictionary(g => g.Key, g => g.Select(r => new PointInfo(r.TrackId, r.File, r.Genre, r.ClipIndex)).ToList());
        }
        catch (OperationCanceledException) { }
    }

    // ---- contingency heatmap ----

    private void BuildContingency()
    {
        var p = Current;
        _contingencyReady = false;
        if (p?.Clusters is null || _method is null || !_points.TryGetValue(_method, out var info) || info.Count != p.Clusters.Length) return;
        if (info.All(i => i.Genre is null)) return;
        var genres = info.Select(i => i.Genre ?? "(none)").Distinct().Order(StringComparer.Ordinal).ToList();
        var clusters = p.Clusters.Distinct().Order().ToList();
        var counts = new int[clusters.Count, genres.Count];
        // Rows scored per track give every clip of a track its track's cluster: count tracks then, as the metrics did.
        var perTrack = info.Select((x, i) => (x.TrackId, Cluster: p.Clusters[i])).GroupBy(t => t.TrackId).All(g => g.Select(t => t.Cluster).Distinct().Count() == 1);
        var counted = new HashSet<int>();
        for (var i = 0; i < info.Count; i++)
            if (!perTrack || counted.Add(info[i].TrackId))
                counts[clusters.IndexOf(p.Clusters[i]), genres.IndexOf(info[i].Genre ?? "(none)")]++;
        var z = new List<object>();
        for (var c = 0; c < clusters.Count; c++)
            z.Add(Enumerable.Range(0, genres.Count).Select(g => (object)counts[c, g]).ToArray());
        _heatData =
        [
            new HeatMap
            {
                X = genres.Cast<object>().ToList(),
                Y = clusters.Select(c => (object)$"cluster {c}").ToList(),
                Z = z,
                ColorScale = "Blues",
                ReverseScale = true, // plotly's Blues runs dark to light; more tracks (or clips) should be darker
                HoverTemplate = $"%{{y}} · %{{x}}: %{{z}} {(perTrack ? "tracks" : "clips")}<extra></extra>",
            },
        ];
        _heatLayout = new Plotly.Blazor.Layout
        {
            Height = 340,
            Margin = new Margin { L = 80, R = 10, T = 10, B = 70 },
            YAxis = [new YAxis { AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed }],
        };
        _contingencyReady = true;
        _contingencyKey++; // a new chart: the heatmap is rebuilt whole, it changes once per run
    }

    // ---- progress ----

    private double ProgressPercent => _state == RunState.Completed ? 100
        : _snapshot is { Epochs: > 0 } s && _epochs.Count > 0 ? 100.0 * _epochs[^1].Epoch / s.Epochs
        : _progress is { Total: > 0 } p ? 100.0 * p.Done / p.Total : 0;

    private string ProgressText
    {
        get
        {
            var total = _snapshot?.Epochs ?? 0;
            var epoch = _epochs.Count > 0 ? _epochs[^1].Epoch : 0;
            return _state switch
            {
                RunState.Queued => Queue.Waiting.ToList().IndexOf(RunId) is var i and >= 0 ? $"Queued: #{i + 1} in line ({Queue.Running} running)" : "Queued",
                RunState.Running when epoch == 0 && _progress is { } p => $"{p.Stage}: {p.Done}/{p.Total}",
                RunState.Running when epoch == total && total > 0 => $"Epoch {epoch} / {total} · clustering and scoring",
                RunState.Running => $"Epoch {epoch} / {total}",
                _ => $"{RunStates.Name(_state)} · {epoch} / {total} epochs",
            };
        }
    }

    private string TimesText
    {
        get
        {
            if (_snapshot?.StartedAt is null && _state == RunState.Queued) return "";
            var started = _snapshot?.StartedAt ?? _log.FirstOrDefault(l => l.Stage == "run")?.At;
            var finished = _snapshot?.FinishedAt;
            var text = started is { } st ? $"elapsed {RunFacts.FormatSpan((finished ?? (RunStates.IsFinished(_state) ? _log.LastOrDefault()?.At : null) ?? DateTime.UtcNow) - st)}" : "";
            if (_state == RunState.Running && _epochs.Count >= 2 && _snapshot is { Epochs: > 0 } s)
            {
                var perEpoch = _epochs.TakeLast(10).Average(e => e.Seconds);
                var left = (s.Epochs - _epochs[^1].Epoch) * perEpoch;
                text += $" · ETA {RunFacts.FormatSpan(TimeSpan.FromSeconds(left))} (training; {perEpoch * 1000:0} ms per epoch)";
            }
            return text;
        }
    }

    /// <summary>Elapsed time and ETA move every second while the run is going.</summary>
    private async Task TickAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
                if (_state is RunState.Running or RunState.Queued) await InvokeAsync(StateHasChanged);
        }
        catch (OperationCanceledException) { }
    }

    private void Cancel() => Queue.Cancel(RunId);

    private async Task ResumeAsync()
    {
        var problem = await Resumer.ResumeAsync(RunId);
        if (problem is not null) { _message = problem; return; }
        // A fresh page for the resumed run: the live session restarts with the history replayed.
        Navigation.NavigateTo($"runs/{RunId}", forceLoad: true);
    }

    private async Task StopAsync()
    {
        await _cts.CancelAsync();
        _subscription?.Dispose();
        _subscription = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _cts.Dispose();
    }
}
