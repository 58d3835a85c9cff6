using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Components.Controls;
using MusicDashboard.Dashboard.Components.Live;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;
using Plotly.Blazor;
using Plotly.Blazor.Interop;

namespace MusicDashboard.Dashboard.Components.Pages;

/// <summary>
/// One run, live: starts from the broker's snapshot and applies its events in batches (<see cref="RunEventPump"/>: at most
/// one render every <see cref="RenderGap"/>). The charts keep their own state (<see cref="LossChart"/>,
/// <see cref="LatentScatter"/>, <see cref="ContingencyHeatmap"/>); stored points come from <see cref="RunDetailQuery"/>,
/// resuming is <see cref="RunResumer"/>'s.
/// </summary>
public partial class RunLive : IAsyncDisposable
{
    private static readonly TimeSpan RenderGap = TimeSpan.FromMilliseconds(50);

    [Parameter] public int RunId { get; set; }

    [Inject] private RunBroker Broker { get; set; } = default!;
    [Inject] private RunQueue Queue { get; set; } = default!;
    [Inject] private ScaleOut.ScaleOutView ScaleOut { get; set; } = default!;
    [Inject] private RunResumer Resumer { get; set; } = default!;
    [Inject] private RunDetailQuery RunDetail { get; set; } = default!;
    [Inject] private AppPaths Paths { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<RunLive> Log { get; set; } = default!;

    private RunSubscription? _subscription;
    private CancellationTokenSource _cts = new();
    private RunSnapshot? _snapshot;
    private bool _missing;
    private RunState _state;
    private string? _message;
    private string? _checkpoint;
    private ProgressEvent? _progress;
    private readonly List<MetricsRow> _metrics = [];
    private readonly List<LogLineEvent> _log = [];
    private int _subscribedFor = -1;
    private int? _studyId;

    private readonly LossChart _loss = new();
    private readonly LatentScatter _scatter = new();
    private readonly ContingencyHeatmap _contingency = new();
    private PlotlyChart? _lossChart, _scatterChart;
    // Set by each chart once plotly has drawn it: extending or re-plotting before that would hit a missing plot.
    private TaskCompletionSource _lossReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _scatterReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Config _chartConfig = new() { Responsive = true, DisplayLogo = false };

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
        _metrics.AddRange(s.Metrics);
        // A finished run's log is the stored one (a CLI run has no other); a live run's comes from the broker and its events.
        var stored = RunStates.IsFinished(_state) ? await RunDetail.LogAsync(RunId, _cts.Token) : [];
        _log.AddRange(stored.Count > 0 ? stored : s.Log);
        _studyId = await RunDetail.StudyIdAsync(RunId, _cts.Token);
        foreach (var p in s.Projections) _scatter.Store(p);
        _loss.Apply(LossChartOptions.FromUri(Navigation.Uri));
        _loss.Reset(s.EpochList);
        if (RunStates.IsFinished(_state)) await LoadPointsAsync();
        _scatter.Rebuild();
        BuildContingency();
        _checkpoint = _state == RunState.Interrupted ? RunFacts.Checkpoint(Paths, RunId) : null;
        _ = PumpAsync(new RunEventPump(_subscription.Events, s.Seq), _cts.Token);
        _ = TickAsync(_cts.Token);
    }

    private void Reset()
    {
        _missing = false;
        _snapshot = null;
        _metrics.Clear(); _log.Clear();
        _scatter.Clear();
        _lossReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _scatterReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _contingency.Build(null, null);
    }

    /// <summary>Applies the run's events on the renderer once both charts are drawn.</summary>
    private async Task PumpAsync(RunEventPump pump, CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(_lossReady.Task, _scatterReady.Task).WaitAsync(ct);
            await pump.RunAsync(batch => InvokeAsync(() => ApplyAsync(batch)), RenderGap, ct);
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
                    if (_loss.Add(ep)) newEpochs.Add(ep);
                    break;
                case ProjectionUpdatedEvent p:
                    _scatter.Store(p);
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
        await _loss.ExtendAsync(_lossChart, newEpochs);
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

    /// <summary>Which track each stored point came from: the run's assignments in stored (clip) order, per method.</summary>
    private async Task LoadPointsAsync()
    {
        try
        {
            var rows = await RunDetail.AssignmentsAsync(RunId, _cts.Token);
            _scatter.Points = rows.GroupBy(r => r.Method).ToDictionary(g => g.Key, g => g.Select(r => new PointInfo(r.TrackId, r.File, r.Genre, r.ClipIndex)).ToList());
        }
        catch (OperationCanceledException) { }
    }

    private void BuildContingency() =>
        _contingency.Build(_scatter.Current, _scatter.Method is { } m ? _scatter.Points.GetValueOrDefault(m) : null);

    private async Task RedrawScatterAsync()
    {
        _scatter.Rebuild();
        if (_scatterChart is not null) await _scatterChart.React();
    }

    private async Task OnColourChangedAsync(string value)
    {
        _scatter.ColourBy = value;
        await RedrawScatterAsync();
    }

    private async Task OnMethodChangedAsync(string method)
    {
        _scatter.Choose(method);
        await RedrawScatterAsync();
        BuildContingency();
    }

    private void OnScatterDrawn()
    {
        _ = _scatterChart?.SubscribeClickEvent();
        _scatterReady.TrySetResult();
    }

    private void OnLossDrawn() => _lossReady.TrySetResult();

    /// <summary>New chart options: the loss chart is re-plotted once from its epochs, and the page address keeps them
    /// (replacing the history entry) so a reload or a shared link shows the same view.</summary>
    private async Task OnChartOptionsChangedAsync(LossChartOptions options)
    {
        _loss.Apply(options);
        if (_lossChart is not null && _lossReady.Task.IsCompleted) await _lossChart.React();
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(options.ToQuery()), replace: true);
    }

    private void OnPointClicked(IEnumerable<EventDataPoint> points)
    {
        var point = points.FirstOrDefault();
        if (point?.PointNumber is null) return;
        var link = _scatter.TrackLink(RunId, Convert.ToInt32(point.PointNumber, CultureInfo.InvariantCulture));
        if (link is not null) _ = InvokeAsync(() => Navigation.NavigateTo(link));
    }

    // ---- progress ----

    private double ProgressPercent => _state == RunState.Completed ? 100
        : _snapshot is { Epochs: > 0 } s && _loss.Epochs.Count > 0 ? 100.0 * _loss.LastEpoch / s.Epochs
        : _progress is { Total: > 0 } p ? 100.0 * p.Done / p.Total : 0;

    private string ProgressText
    {
        get
        {
            var total = _snapshot?.Epochs ?? 0;
            var epoch = _loss.LastEpoch;
            return _state switch
            {
                RunState.Queued => Queue.Waiting.ToList().IndexOf(RunId) is var i and >= 0 ? $"Queued: #{i + 1} in line ({Queue.Running} running)"
                    : ScaleOut.Enabled ? "Queued: waiting for a worker (see Workers)" : "Queued",
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
            if (_state == RunState.Running && TrainingEta.Estimate(_loss.Epochs, _snapshot?.Epochs ?? 0) is { } eta)
                text += $" · {eta}";
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

    private Task Cancel() => Queue.CancelAsync(RunId);

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
