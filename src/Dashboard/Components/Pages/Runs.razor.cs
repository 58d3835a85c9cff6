using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Components.Pages;

/// <summary>Stored runs, newest first, with their metric rows. Runs are few (one per training), so they are read whole;
/// the list reloads itself when a run changes state.</summary>
public partial class Runs
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    [Inject] private RunsQuery RunsQuery { get; set; } = default!;
    [Inject] private RunBroker Broker { get; set; } = default!;
    [Inject] private RunQueue Queue { get; set; } = default!;
    [Inject] private RunAdmin Admin { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ILogger<Runs> Log { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private MusicDashboard.Core.Configuration.AppPaths Paths { get; set; } = default!;

    private IReadOnlyList<RunSummary>? _runs;
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
            var dataset = Paths.UsesDemoCorpus ? "demo" : Paths.Options.DatasetPath;
            var outcome = await StudyLauncher.QueueAsync(Queue, new MusicDashboard.Training.Pipeline.StudyPlan(MusicDashboard.Training.Pipeline.Presets.All, [0]), dataset);
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
        var (events, subscription) = Broker.SubscribeAll();
        _subscription = subscription;
        _ = ReloadOnStateChangesAsync(events.ReadAllAsync(_disposed.Token));
        await LoadAsync();
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
                await InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); });
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _runs = await RunsQuery.AllAsync();
            _loadError = null;
        }
        catch (Exception e) when (e is Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            Log.LogError(e, "Reading the runs failed");
            _loadError = e.Message;
            _runs ??= [];
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
        await LoadAsync();
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
