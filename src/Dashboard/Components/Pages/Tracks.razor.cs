using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Components.Pages;

/// <summary>
/// The collection's tracks, or a run's: server-side paging, sorting and filtering (run clusters, genres, transcript words,
/// file name), one DbContext per query, each row with its transcript and where it came from. The scatter of a run links
/// here with <c>?run=&amp;method=&amp;track=&amp;cluster=</c>.
/// </summary>
public partial class Tracks
{
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    [Inject] private IDbContextFactory<MusicDbContext> DbFactory { get; set; } = default!;
    [Inject] private CollectionService Collection { get; set; } = default!;
    [Inject] private ITranscriptLookup Transcripts { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "run")] public int? QueryRun { get; set; }
    [SupplyParameterFromQuery(Name = "method")] public string? QueryMethod { get; set; }
    [SupplyParameterFromQuery(Name = "track")] public int? QueryTrack { get; set; }
    [SupplyParameterFromQuery(Name = "cluster")] public int[]? QueryClusters { get; set; }
    [SupplyParameterFromQuery(Name = "genre")] public string[]? QueryGenres { get; set; }

    private MudTable<TrackRow>? _table;
    private IReadOnlyList<GenreOption> _genres = [];
    private IReadOnlyCollection<string> _selectedGenres = [];
    private IReadOnlyList<RunOption> _runs = [];
    private int? _runId;
    private string? _runRoot;
    private IReadOnlyList<string> _methods = [];
    private string? _method;
    private IReadOnlyList<ClusterOption> _clusters = [];
    private IReadOnlyCollection<int> _selectedClusters = [];
    private int? _trackId;
    private string? _search;
    private string? _transcriptSearch;
    private int _matching;
    private int _loadVersion;
    private Summary? _summary;
    private bool _queryApplied;

    public sealed record TrackRow(int Id, string? Genre, string RelativePath, double DurationSeconds, string? Error, int[]? Clusters, Transcript Transcript);

    private sealed record GenreOption(string Key, string Label, int Count);
    private sealed record RunOption(int Id, string Name, string DatasetRoot);
    private sealed record ClusterOption(int Cluster, int Tracks);
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
        await using var db = await DbFactory.CreateDbContextAsync();
        // Only runs with stored clusters can filter tracks.
        _runs = await db.Runs.AsNoTracking().Where(r => db.Assignments.Any(a => a.RunId == r.Id))
            .OrderByDescending(r => r.Id).Select(r => new RunOption(r.Id, r.Name, r.DatasetRoot)).ToListAsync();
    }

    private async Task SelectRunAsync(int? runId, string? method)
    {
        _runId = runId;
        _selectedClusters = [];
        _clusters = [];
        _methods = [];
        _method = null;
        _runRoot = _runs.FirstOrDefault(r => r.Id == runId)?.DatasetRoot;
        if (runId is { } id)
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            _methods = await db.Assignments.AsNoTracking().Where(a => a.RunId == id).Select(a => a.Method).Distinct().ToListAsync();
            _method = method is not null && _methods.Contains(method) ? method : await TrackQuery.DefaultMethodAsync(db, id, CancellationToken.None) ?? _methods.FirstOrDefault();
            await LoadClustersAsync(db);
        }
        await LoadGenresAsync(CancellationToken.None);
    }

    private async Task LoadClustersAsync(MusicDbContext db)
    {
        if (_runId is not { } id || _method is not { } method) return;
        var counts = await db.Assignments.AsNoTracking().Where(a => a.RunId == id && a.Method == method)
            .GroupBy(a => a.Cluster).Select(g => new { Cluster = g.Key, Tracks = g.Select(a => a.TrackId).Distinct().Count() }).ToListAsync();
        _clusters = counts.OrderBy(c => c.Cluster).Select(c => new ClusterOption(c.Cluster, c.Tracks)).ToList();
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
        await using (var db = await DbFactory.CreateDbContextAsync()) await LoadClustersAsync(db);
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
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        var tracks = TrackQuery.Apply(db, new TrackFilter { DatasetRoot = Root }, Transcripts);
        var counts = await tracks.GroupBy(t => t.Genre).Select(g => new { Genre = g.Key, Count = g.Count() }).ToListAsync(ct);
        _genres = counts
            .OrderBy(c => c.Genre is null).ThenBy(c => c.Genre, StringComparer.Ordinal)
            .Select(c => new GenreOption(c.Genre ?? TrackFilter.NoGenreKey, c.Genre ?? "(no genre)", c.Count))
            .ToList();
        var unreadable = await tracks.CountAsync(t => t.Error != null, ct);
        var seconds = await tracks.Where(t => t.Error == null).SumAsync(t => t.DurationSeconds, ct);
        _summary = new Summary(counts.Sum(c => c.Count), counts.Count(c => c.Genre is not null), unreadable, seconds);
        // A genre that disappeared (rescan, another run's collection) must not keep filtering invisibly.
        _selectedGenres = _selectedGenres.Where(k => _genres.Any(g => g.Key == k)).ToList();
    }

    private async Task<TableData<TrackRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        // Reloads overlap when filters change quickly (a select's change and a debounced text field): only the newest
        // request may set the "n matching" label, or a slower older one would leave the count of a filter no longer set.
        var version = ++_loadVersion;
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        var query = TrackQuery.Apply(db, Filter(), Transcripts);
        var total = await query.CountAsync(ct);
        var descending = state.SortDirection == SortDirection.Descending;
        query = state.SortLabel switch
        {
            "file" => descending ? query.OrderByDescending(t => t.RelativePath) : query.OrderBy(t => t.RelativePath),
            "duration" => descending ? query.OrderByDescending(t => t.DurationSeconds).ThenBy(t => t.RelativePath) : query.OrderBy(t => t.DurationSeconds).ThenBy(t => t.RelativePath),
            _ => descending ? query.OrderByDescending(t => t.Genre).ThenBy(t => t.RelativePath) : query.OrderBy(t => t.Genre).ThenBy(t => t.RelativePath),
        };
        var page = await query
            .Skip(state.Page * state.PageSize).Take(state.PageSize)
            .Select(t => new { t.Id, t.Genre, t.RelativePath, t.DurationSeconds, t.Error })
            .ToListAsync(ct);
        var ids = page.Select(t => t.Id).ToList();
        var transcripts = await Transcripts.ForTracksAsync(db, ids, ct);
        var clusters = _runId is { } run && _method is { } method ? await TrackQuery.ClustersAsync(db, run, method, ids, ct) : null;
        if (version == _loadVersion) _matching = total;
        var rows = page.Select(t => new TrackRow(t.Id, t.Genre, t.RelativePath, t.DurationSeconds, t.Error,
            clusters?.GetValueOrDefault(t.Id), transcripts.GetValueOrDefault(t.Id) ?? new Transcript(null, SidecarTranscriptLookup.NoneSource))).ToList();
        return new TableData<TrackRow> { Items = rows, TotalItems = total };
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
