using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Components.Pages;

/// <summary>The collection's tracks: server-side paging, sorting and filtering, one DbContext per query.</summary>
public partial class Tracks
{
    /// <summary>Stands for "no genre" in the filter (tracks of a folder that is not in the GTZAN layout).</summary>
    private const string NoGenreKey = "\u0000none";

    private static readonly int[] PageSizes = [10, 25, 50, 100];

    [Inject] private IDbContextFactory<MusicDbContext> DbFactory { get; set; } = default!;
    [Inject] private CollectionService Collection { get; set; } = default!;

    private MudTable<TrackRow>? _table;
    private IReadOnlyList<GenreOption> _genres = [];
    private IReadOnlyCollection<string> _selectedGenres = [];
    private string? _search;
    private int _matching;
    private Summary? _summary;

    public sealed record TrackRow(int Id, string? Genre, string RelativePath, double DurationSeconds, int SampleRate, int Channels, string? Error);

    private sealed record GenreOption(string Key, string Label, int Count);

    private sealed record Summary(int Tracks, int Genres, int Unreadable, double Seconds);

    protected override async Task OnInitializedAsync() => await LoadGenresAsync(CancellationToken.None);

    private async Task OnCollectionReadyAsync(CollectionStatus _)
    {
        await LoadGenresAsync(CancellationToken.None);
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

    private string GenreFilterText(IReadOnlyList<string> keys) =>
        string.Join(", ", keys.Select(k => _genres.FirstOrDefault(g => g.Key == k)?.Label ?? k));

    /// <summary>Tracks of the collection the dashboard serves; rows of a previously configured collection stay out.</summary>
    private IQueryable<TrackEntity> CollectionTracks(MusicDbContext db)
    {
        var root = Collection.Status.Root.TrimEnd(Path.DirectorySeparatorChar);
        var rootWithSlash = root + Path.DirectorySeparatorChar;
        return db.Tracks.AsNoTracking().Where(t => t.DatasetRoot == root || t.DatasetRoot == rootWithSlash);
    }

    private async Task LoadGenresAsync(CancellationToken ct)
    {
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        var tracks = CollectionTracks(db);
        var counts = await tracks.GroupBy(t => t.Genre).Select(g => new { Genre = g.Key, Count = g.Count() }).ToListAsync(ct);
        _genres = counts
            .OrderBy(c => c.Genre is null).ThenBy(c => c.Genre, StringComparer.Ordinal)
            .Select(c => new GenreOption(c.Genre ?? NoGenreKey, c.Genre ?? "(no genre)", c.Count))
            .ToList();
        var unreadable = await tracks.CountAsync(t => t.Error != null, ct);
        var seconds = await tracks.Where(t => t.Error == null).SumAsync(t => t.DurationSeconds, ct);
        _summary = new Summary(counts.Sum(c => c.Count), counts.Count(c => c.Genre is not null), unreadable, seconds);
        // A genre that disappeared (rescan) must not keep filtering invisibly.
        _selectedGenres = _selectedGenres.Where(k => _genres.Any(g => g.Key == k)).ToList();
    }

    private async Task<TableData<TrackRow>> LoadAsync(TableState state, CancellationToken ct)
    {
        await using var db = await DbFactory.CreateDbContextAsync(ct);
        var query = CollectionTracks(db);

        if (_selectedGenres.Count > 0)
        {
            var genres = _selectedGenres.Where(k => k != NoGenreKey).ToList();
            var withoutGenre = _selectedGenres.Contains(NoGenreKey);
            query = query.Where(t => (t.Genre != null && genres.Contains(t.Genre)) || (withoutGenre && t.Genre == null));
        }
        if (!string.IsNullOrWhiteSpace(_search))
        {
            // LIKE is case-insensitive for ASCII in SQLite; the user's % and _ are literal characters.
            var pattern = "%" + _search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(t => EF.Functions.Like(t.RelativePath, pattern, "\\"));
        }

        var total = await query.CountAsync(ct);
        var descending = state.SortDirection == SortDirection.Descending;
        query = state.SortLabel switch
        {
            "file" => descending ? query.OrderByDescending(t => t.RelativePath) : query.OrderBy(t => t.RelativePath),
            "duration" => descending ? query.OrderByDescending(t => t.DurationSeconds).ThenBy(t => t.RelativePath) : query.OrderBy(t => t.DurationSeconds).ThenBy(t => t.RelativePath),
            "rate" => descending ? query.OrderByDescending(t => t.SampleRate).ThenBy(t => t.RelativePath) : query.OrderBy(t => t.SampleRate).ThenBy(t => t.RelativePath),
            _ => descending ? query.OrderByDescending(t => t.Genre).ThenBy(t => t.RelativePath) : query.OrderBy(t => t.Genre).ThenBy(t => t.RelativePath),
        };
        var rows = await query
            .Skip(state.Page * state.PageSize).Take(state.PageSize)
            .Select(t => new TrackRow(t.Id, t.Genre, t.RelativePath, t.DurationSeconds, t.SampleRate, t.Channels, t.Error))
            .ToListAsync(ct);
        _matching = total;
        return new TableData<TrackRow> { Items = rows, TotalItems = total };
    }

    private static string FormatDuration(double seconds)
    {
        var s = (long)Math.Round(seconds);
        return s >= 3600
            ? string.Create(CultureInfo.InvariantCulture, $"{s / 3600}:{s / 60 % 60:00}:{s % 60:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{s / 60}:{s % 60:00}");
    }

    private static string FormatRate(int sampleRate, int channels)
    {
        if (sampleRate <= 0) return "—";
        var rate = string.Create(CultureInfo.InvariantCulture, $"{sampleRate / 1000.0:0.###} kHz");
        return channels switch { 1 => rate + " mono", 2 => rate + " stereo", > 2 => $"{rate} {channels} ch", _ => rate };
    }
}
