using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Components.Controls;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Components.Pages;

/// <summary>Stored runs with their metric rows, filtered, sorted and paged by <see cref="RunsQuery.ListAsync"/>; the filters
/// and sort live in the address (the keys of <see cref="RunListRequest"/>, as <c>GET /api/runs</c> reads them), the
/// hidden columns in the browser's localStorage. The list reloads itself when a run changes state.</summary>
public partial class Runs
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Inject] private RunsQuery RunsQuery { get; set; } = default!;
    [Inject] private RunBroker Broker { get; set; } = default!;
    [Inject] private RunQueue Queue { get; set; } = default!;
    [Inject] private RunAdmin Admin { get; set; } = default!;
    [Inject] private RunResumer Resumer { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ILogger<Runs> Log { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private MusicDashboard.Core.Configuration.AppPaths Paths { get; set; } = default!;

    /// <summary>The optional columns, in table order.</summary>
    private static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("id", "Id"), new("name", "Name"), new("preset", "Preset"), new("dataset", "Dataset"), new("state", "State"), new("created", "Created"),
        new("duration", "Duration"), new("nmi", "NMI"), new("ari", "ARI"), new("silhouette", "Silhouette"),
    ];
    private static readonly IReadOnlySet<string> DefaultHidden = new HashSet<string> { "silhouette" };

    private MudTable<RunSummary>? _table;
    private RunListRequest _request = new();
    private RunFacets _facets = new([], []);
    private IReadOnlySet<string> _hidden = DefaultHidden;
    private bool? _anyRuns;
    private int _matching;
    private readonly HashSet<int> _expanded = [];
    private bool _loading;
    private string? _loadError;
    private string? _actionMessage;
    private bool _reproducing;
    private IDisposable? _subscription;
    private readonly CancellationTokenSource _disposed = new();

    /// <summary>Queues the study's runs (as <c>POST /api/study</c> does) and opens Compare with them selected.</summary>
    private async Task ReproduceStudyAsync()
    {
        _reproducing = true;
        try
        {
            var outcome = await StudyLauncher.QueueAsync(Queue, new MusicDashboard.Training.Pipeline.StudyPlan(MusicDashboard.Training.Pipeline.Presets.All, [0]), Paths.DefaultDataset);
            if (outcome.Problems.Count > 0)
            {
                _actionMessage = "The study was not queued" + (outcome.RunIds.Count > 0 ? $" completely (queued #{string.Join(", #", outcome.RunIds)})" : "") + ": " +
                    string.Join("; ", outcome.Problems.Select(p => $"{p.Field}: {p.Message}"));
                return;
            }
            Navigation.NavigateTo(outcome.CompareUrl);
        }
        finally { _reproducing = false; }
    }

    private string QueueText => Queue.Running + Queue.Waiting.Count == 0 ? ""
        : $"Queue: {Queue.Running} running, {Queue.Waiting.Count} waiting (at most {Queue.MaxConcurrentRuns} at a time).";

    protected override async Task OnInitializedAsync()
    {
        // The address's filters and sort; a key that means nothing is said so above the list, the rest applies.
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Navigation.ToAbsoluteUri(Navigation.Uri).Query);
        var (request, problems) = RunListRequest.Parse(key => query.TryGetValue(key, out var v) ? v.ToString() : null);
        _request = request;
        if (problems.Count > 0) _actionMessage = "Ignored in the address: " + string.Join("; ", problems.Select(p => p.Message));
        var (events, subscription) = Broker.SubscribeAll();
        _subscription = subscription;
        _ = ReloadOnStateChangesAsync(events.ReadAllAsync(_disposed.Token));
        await LoadAsync();
    }

    private bool Shows(string column) => !_hidden.Contains(column);

    /// <summary>The sort the address asked for shows on its column's label.</summary>
    private SortDirection Initial(string key) => _request.Sort != key ? SortDirection.None
        : _request.Descending ? SortDirection.Descending : SortDirection.Ascending;

    private static string MetricLabel(string metric) => metric switch { "nmi" => "NMI", "ari" => "ARI", _ => "Silhouette" };

    private string MetricTitle(string metric) => (metric switch
    {
        "nmi" => "Normalised mutual information of the clusters against the genres",
        "ari" => "Adjusted Rand index against the genres",
        _ => "Silhouette of the clusters (no labels needed)",
    }) + (_request.Metrics == RunMetricSource.Best ? ": the best of the run's rows" : ": the model's row");

    /// <summary>A filter changed: the address follows (replacing the entry, so Back leaves the page) and the list reloads.</summary>
    private async Task SetAsync(RunListRequest request)
    {
        _request = request;
        ShowInAddress();
        if (_table is not null) await _table.ReloadServerData();
    }

    private void ShowInAddress()
    {
        var uri = Navigation.GetUriWithQueryParameters(Navigation.Uri,
            RunListRequest.QueryKeys.ToDictionary(k => k, k => (object?)_request.ToQuery().GetValueOrDefault(k)));
        if (uri != Navigation.Uri) Navigation.NavigateTo(uri, replace: true);
    }

    private async Task<TableData<RunSummary>> LoadPageAsync(TableState state, CancellationToken ct)
    {
        if (state.SortLabel is { } label && RunListRequest.SortKeys.Contains(label))
        {
            var sorted = _request with { Sort = label, Descending = state.SortDirection == SortDirection.Descending };
            if (sorted != _request)
            {
                _request = sorted;
                ShowInAddress();
            }
        }
        var list = await RunsQuery.ListAsync(_request with { Offset = state.Page * state.PageSize, Limit = state.PageSize }, ct);
        _matching = list.Total;
        return new TableData<RunSummary> { Items = list.Runs, TotalItems = list.Total };
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        if (_table is not null) await _table.ReloadServerData();
    }

    /// <summary>A state change reloads the list; several within 300 ms reload it once.</summary>
    private async Task ReloadOnStateChangesAsync(IAsyncEnumerable<RunEvent> events)
    {
        try
        {
            await foreach (var e in events)
            {
                if (e is not RunStateChangedEvent) continue;
                await Task.Delay(300, _disposed.Token);
                await InvokeAsync(async () => { await ReloadAsync(); StateHasChanged(); });
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            var counts = await RunsQuery.CountByStateAsync();
            _anyRuns = counts.Values.Sum() > 0;
            _facets = await RunsQuery.FacetsAsync();
            _loadError = null;
        }
        catch (Exception e) when (e is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            Log.LogError(e, "Reading the runs failed");
            _loadError = e.Message;
            _anyRuns ??= false;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task DeleteAsync(RunSummary run)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete run",
            $"Delete run #{run.Id} ({run.Name}) with its epochs, metrics, assignments and files? This cannot be undone.",
            yesText: "Delete", cancelText: "Keep");
        if (confirmed != true) return;
        _actionMessage = await Admin.DeleteAsync(run.Id);
        await ReloadAsync();
    }

    /// <summary>An interrupted run queued again (<see cref="RunResumer"/>); a refusal is shown in words above the table.</summary>
    private async Task ResumeAsync(RunSummary run)
    {
        _actionMessage = await Resumer.ResumeAsync(run.Id);
        await ReloadAsync();
    }

    private void Toggle(int id)
    {
        if (!_expanded.Remove(id)) _expanded.Add(id);
    }

    private static string F(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.000", Invariant) : "—";

    public void Dispose()
    {
        _disposed.Cancel();
        _subscription?.Dispose();
        _disposed.Dispose();
    }
}
