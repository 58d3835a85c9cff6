using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Model;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Components.Pages;

/// <summary>
/// The collection's tracks, or a run's: server-side paging, sorting and filtering (run clusters, genres, transcript words,
/// file name) through TrackQuery, each row with its transcript and where it came from. The scatter of a run links
/// here with <c>?run=&amp;method=&amp;track=&amp;cluster=</c>.
/// </summary>
public partial class Tracks
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    [Inject] private TrackQuery Query { get; set; } = default!;
    [Inject] private CollectionService Collection { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private MapQuery Map { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "run")] public int? QueryRun { get; set; }
    [SupplyParameterFromQuery(Name = "method")] public string? QueryMethod { get; set; }
    [SupplyParameterFromQuery(Name = "track")] public int? QueryTrack { get; set; }
    [SupplyParameterFromQuery(Name = "cluster")] public int[]? QueryClusters { get; set; }
    [SupplyParameterFromQuery(Name = "genre")] public string[]? QueryGenres { get; set; }

    private MudTable<TrackRow>? _table;
    private IReadOnlyList<GenreOption> _genres = [];
    private IReadOnlyCollection<string> _selectedGenres = [];
    private IReadOnlyList<ClusteredRun> _runs = [];
    private int? _runId;
    private string? _runRoot;
    private IReadOnlyList<string> _methods = [];
    private string? _method;
    private IReadOnlyList<ClusterCount> _clusters = [];
    private IReadOnlyCollection<int> _selectedClusters = [];
    private int? _trackId;
    private string? _search;
    private string? _transcriptSearch;
    private int _matching;
    private int _loadVersion;
    private Summary? _summary;
    private bool _queryApplied;
    private TrackRow? _soundsLike;
    private IReadOnlyList<Neighbour>? _soundsLikeNeighbours;

    private sealed record GenreOption(string Key, string Label, int Count);
    private sealed record Summary(int Tracks, int Genres, int Unreadable, double Seconds);

    /// <summary>The collection shown: the selected run's, else the dashboard's.</summary>
    private string Root => _runRoot ?? Collection.Status.Root;

    protected override async Task OnInitializedAsync()
    {
        await LoadRunsAsync();
        await LoadGenresAsync(CancellationToken.None);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_queryApplied) return;
        _queryApplied = true;
        // Links from a run's scatter (and shared URLs) preselect the run, its method, a cluster and a track.
        if (QueryRun is { } run && _runs.Any(r => r.Id == run))
        {
            await SelectRunAsync(run, QueryMethod);
            if (QueryClusters is { Length: > 0 } cs) _selectedClusters = cs.Where(c => _clusters.Any(o => o.Cluster == c)).ToList();
        }
        _trackId = QueryTrack;
        if (QueryGenres is { Length: > 0 } gs) _selectedGenres = gs.Where(g => _genres.Any(o => o.Key == g)).ToList();
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task OnCollectionReadyAsync(CollectionStatus _)
    {
        await LoadGenresAsync(CancellationToken.None);
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task LoadRunsAsync()
    {
        // Only runs with stored clusters can filter tracks.
        _runs = await Query.ClusteredRunsAsync();
    }

    private async Task SelectRunAsync(int? runId, string? method)
    {
        _runId = runId;
        CloseSoundsLike();
        _selectedClusters = [];
        _clusters = [];
        _methods = [];
        _method = null;
        _runRoot = _runs.FirstOrDefault(r => r.Id == runId)?.DatasetRoot;
        if (runId is { } id)
        {
            _methods = await Query.MethodsAsync(id);
            _method = method is not null && _methods.Contains(method) ? method : await Query.DefaultMethodAsync(id) ?? _methods.FirstOrDefault();
            await LoadClustersAsync();
        }
        await LoadGenresAsync(CancellationToken.None);
    }

    private async Task LoadClustersAsync()
    {
        if (_runId is not { } id || _method is not { } method) return;
        _clusters = await Query.ClustersAsync(id, method);
    }

    private async Task OnRunChangedAsync(int? runId)
    {
        await SelectRunAsync(runId, null);
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task OnMethodChangedAsync(string method)
    {
        _method = method;
        _selectedClusters = [];
        await LoadClustersAsync();
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task OnClustersChangedAsync(IReadOnlyCollection<int> selected)
    {
        _selectedClusters = selected;
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task OnGenresChangedAsync(IReadOnlyCollection<string> selected)
    {
        _selectedGenres = selected;
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task OnSearchChangedAsync(string? text)
    {
        _search = text;
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task OnTranscriptSearchChangedAsync(string? text)
    {
        _transcriptSearch = text;
        if (_table is not null) await _table.ReloadServerData();
    }

    private async Task ClearTrackAsync()
    {
        _trackId = null;
        if (_table is not null) await _table.ReloadServerData();
    }

    private string GenreFilterText(IReadOnlyList<string> keys) =>
        string.Join(", ", keys.Select(k => _genres.FirstOrDefault(g => g.Key == k)?.Label ?? k));

    private TrackFilter Filter() => new()
    {
        DatasetRoot = Root,
        RunId = _runId,
        Method = _method,
        Clusters = _selectedClusters,
        Genres = _selectedGenres,
        FileText = _search,
        TranscriptText = _transcriptSearch,
        TrackId = _trackId,
    };

    private async Task LoadGenresAsync(CancellationToken ct)
    {
        var collection = await Query.GenresAsync(Root, ct);
        _genres = collection.Genres
            .OrderBy(c => c.Genre is null).ThenBy(c => c.Genre, StringComparer.Ordinal)
            .Select(c => new GenreOption(c.Genre ?? TrackFilter.NoGenreKey, c.Genre ?? "(no genre)", c.Tracks))
            .ToList();
        _summary = new Summary(collection.Tracks, collection.Genres.Count(c => c.Genre is not null), collection.Unreadable, collection.Seconds);
        // A genre that disappeared (rescan, another run's collection) must not keep filtering invisibly.
        _selectedGenres = _selectedGenres.Where(k => _genres.Any(g => g.Key == k)).ToList();
    }

    private async Task<TableData<TrackRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        // Reloads overlap when filters change quickly (a select's change and a debounced text field): only the newest
        // request may set the "n matching" label, or a slower older one would leave the count of a filter no longer set.
        var version = ++_loadVersion;
        var (rows, total) = await Query.PageAsync(
            new TrackPageRequest(Filter(), state.SortLabel, state.SortDirection == SortDirection.Descending, state.Page, state.PageSize), ct);
        if (version == _loadVersion) _matching = total;
        return new TableData<TrackRow> { Items = rows, TotalItems = total };
    }

    private async Task ShowSoundsLikeAsync(TrackRow track)
    {
        if (_runId is not { } run) return;
        _soundsLike = track;
        _soundsLikeNeighbours = await Map.NeighboursAsync(run, track.Id, _method);
    }

    private void CloseSoundsLike()
    {
        _soundsLike = null;
        _soundsLikeNeighbours = null;
    }

    private static string Preview(string text)
    {
        var oneLine = string.Join(' ', text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= 90 ? oneLine : oneLine[..90] + "…";
    }

    private static string FormatDuration(double seconds)
    {
        var s = (long)Math.Round(seconds);
        return s >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{s / 3600}:{s / 60 % 60:00}:{s % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{s / 60}:{s % 60:00}");
    }
}
