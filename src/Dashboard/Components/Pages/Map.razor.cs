using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MusicDashboard.Core.Projections.Methods;
using MusicDashboard.Dashboard.Components.Live;
using MusicDashboard.Dashboard.Model;

namespace MusicDashboard.Dashboard.Components.Pages;

/// <summary>
/// The whole collection as one WebGL scatter of a run (<c>/map?run=&amp;projection=&amp;colour=&amp;method=&amp;track=</c>, the
/// state lives in the address): the points come from <see cref="MapQuery"/> and go to the browser once, as columns, through
/// wwwroot/js/map.js, which draws them with Plotly.react; hover previews, clicks and lasso selections come back here.
/// </summary>
public partial class Map
{
    private const string ChartId = "map-chart";
    private const string AudioId = "map-preview";

    [Inject] private MapQuery Query { get; set; } = default!;
    [Inject] private PlaylistStore Playlists { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "run")] public int? QueryRun { get; set; }
    [SupplyParameterFromQuery(Name = "projection")] public string? QueryProjection { get; set; }
    [SupplyParameterFromQuery(Name = "colour")] public string? QueryColour { get; set; }
    [SupplyParameterFromQuery(Name = "method")] public string? QueryMethod { get; set; }
    [SupplyParameterFromQuery(Name = "track")] public int? QueryTrack { get; set; }

    private static IReadOnlyList<IProjectionMethod> Projections => ProjectionMethods.All;

    private IReadOnlyList<MapRun> _runs = [];
    private int _runId;
    private string _projection = MapQuery.DefaultProjection;
    private string _colour = "cluster";
    private MapData? _data;
    private (int Run, string Projection, string? Method)? _loadedKey;
    private string? _drawnColour;
    private bool _loading;
    private string _loadingText = "";
    private string? _error;
    private bool _drawPending;
    private MapPoint? _track;
    private bool _centreOnTrack;
    private IReadOnlyList<Neighbour>? _neighbours;
    private MapPoint? _searched;
    private IReadOnlyList<int> _selection = [];
    private string? _playlistName;
    private PlaylistSummary? _saved;
    private IJSObjectReference? _module;
    private DotNetObjectReference<Map>? _self;
    private int _version;

    protected override async Task OnInitializedAsync() => _runs = await Query.RunsAsync();

    protected override async Task OnParametersSetAsync()
    {
        if (_runs.Count == 0) return;
        _runId = QueryRun is { } r && _runs.Any(x => x.Id == r) ? r : _runs[0].Id;
        _projection = ProjectionMethods.TryGet(QueryProjection, out var p) ? p.Id : MapQuery.DefaultProjection;
        _colour = QueryColour == "genre" ? "genre" : "cluster";
        var key = (_runId, _projection, QueryMethod);
        if (_loadedKey != key)
        {
            _loadedKey = key;
            await LoadAsync();
        }
        else if (_drawnColour != _colour) _drawPending = true;
        var wanted = QueryTrack is { } t ? _data?.Points.FirstOrDefault(x => x.TrackId == t) : null;
        if (wanted?.TrackId != _track?.TrackId) await SelectTrackAsync(wanted, centre: _centreOnTrack);
    }

    private async Task LoadAsync()
    {
        var version = ++_version;
        _loading = true;
        _error = null;
        _selection = [];
        _track = null;
        _neighbours = null;
        var run = _runs.First(x => x.Id == _runId);
        _loadingText = run.HasLatents ? $"Projecting run #{run.Id}'s latent means ({Projections.First(x => x.Id == _projection).Label}; computed once, then cached)…" : "Loading the run's points…";
        StateHasChanged();
        try
        {
            var data = await Query.PointsAsync(_runId, _projection, QueryMethod);
            if (version != _version) return;
            _data = data;
            _drawPending = data is not null;
            if (data is null) _error = $"Run #{_runId} has no stored points.";
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            if (version != _version) return;
            _data = null;
            _error = $"The {_projection} projection of run #{_runId} failed: {e.Message}";
        }
        finally
        {
            if (version == _version) _loading = false;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive && _module is null)
        {
            // Plotly (3.6 MB of script) loads while the points are being read and projected.
            _module = await Js.InvokeAsync<IJSObjectReference>("import", "./js/map.js");
            await _module.InvokeVoidAsync("preload");
        }
        if (!_drawPending || _data is null) return;
        _drawPending = false;
        _module ??= await Js.InvokeAsync<IJSObjectReference>("import", "./js/map.js");
        _self ??= DotNetObjectReference.Create(this);
        var groups = Groups(_data, _colour);
        _drawnColour = _colour;
        await _module.InvokeAsync<double>("render", ChartId, groups,
            new { audioId = AudioId, legendTitle = _colour == "genre" ? "genre" : "cluster", viewKey = $"{_data.RunId}-{_data.Projection}" }, _self);
        if (_track is not null) await DrawHighlightAsync(centre: _centreOnTrack);
        StateHasChanged();
    }

    /// <summary>One group per cluster (or genre), in order, with the palette's colour and each point's hover text.</summary>
    public static IReadOnlyList<MapGroup> Groups(MapData data, string colour)
    {
        var byGenre = colour == "genre";
        var genres = data.Points.Select(p => p.Genre ?? "(no genre)").Distinct().Order(StringComparer.Ordinal).ToList();
        return data.Points
            .GroupBy(p => byGenre ? p.Genre ?? "(no genre)" : p.Cluster is { } c ? c.ToString(CultureInfo.InvariantCulture) : "—")
            .OrderBy(g => byGenre ? 0 : int.TryParse(g.Key, out var n) ? n : int.MaxValue).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var colourOf = byGenre ? ChartPalette.At(genres.IndexOf(g.Key)) : int.TryParse(g.Key, out var c) ? ChartPalette.At(c) : "#6b7280";
                var points = g.ToList();
                return new MapGroup(byGenre ? g.Key : $"cluster {g.Key}", colourOf, points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(),
                    points.Select(p => p.TrackId).ToArray(), points.Select(HoverText).ToArray());
            }).ToList();
    }

    private static string HoverText(MapPoint p)
    {
        var text = $"<b>{Html(p.Title)}</b><br>genre {Html(p.Genre ?? "—")} · cluster {(p.Cluster?.ToString(CultureInfo.InvariantCulture) ?? "—")}";
        return p.Snippet is { } s ? $"{text}<br><i>{Html(WrapLines(s))}</i>" : text;
    }

    /// <summary>Plotly's hover labels take a few HTML tags; everything else in a title or transcript is text.</summary>
    private static string Html(string s) => System.Net.WebUtility.HtmlEncode(s).Replace("&lt;br&gt;", "<br>");

    private static string WrapLines(string s)
    {
        // Hover labels do not wrap by themselves: a line break every ~50 characters, at a space.
        var lines = new List<string>();
        var line = "";
        foreach (var word in s.Split(' '))
        {
            if (line.Length + word.Length > 50 && line.Length > 0) { lines.Add(line); line = ""; }
            line = line.Length == 0 ? word : line + " " + word;
        }
        lines.Add(line);
        return string.Join("<br>", lines);
    }

    private string Caption
    {
        get
        {
            if (_data is null) return "";
            var how = _data.FromLatents ? $"{_data.ProjectionLabel} of the latent means" : "the run's stored projection";
            var cost = _data.FromLatents && _data.ProjectionSeconds > 0.05 ? $" (ready in {_data.ProjectionSeconds:0.0} s)" : "";
            return $"{_data.Points.Count:N0} tracks · {how}{cost} · clusters of {_data.Method}";
        }
    }

    private string? NeighboursUnavailable => _data is { FromLatents: false }
        ? "This run did not keep its latent means: no neighbours."
        : _neighbours is null ? "Not in this run's latent space." : null;

    private string TrackLink(MapPoint t) =>
        $"tracks?run={_runId}&method={Uri.EscapeDataString(_data?.Method ?? "")}&track={t.TrackId}";

    private void Go(int? run = null, string? projection = null, string? colour = null, string? method = null, int? track = null, bool keepTrack = true) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["run"] = run ?? _runId,
            ["projection"] = projection ?? _projection,
            ["colour"] = colour ?? _colour,
            ["method"] = method ?? _data?.Method,
            ["track"] = track ?? (keepTrack ? _track?.TrackId : null),
        }), replace: true);

    private void OnRunChanged(int run) => Go(run: run, method: "", keepTrack: false);
    private void OnProjectionChanged(string projection) => Go(projection: projection);
    private void OnMethodChanged(string method) => Go(method: method);
    private void OnColourChanged(string colour) => Go(colour: colour);

    private Task<IEnumerable<MapPoint>> SearchAsync(string? text, CancellationToken ct)
    {
        var points = _data?.Points ?? [];
        if (string.IsNullOrWhiteSpace(text)) return Task.FromResult(points.Take(12));
        var t = text.Trim();
        return Task.FromResult<IEnumerable<MapPoint>>(points
            .Where(p => p.Title.Contains(t, StringComparison.OrdinalIgnoreCase) || p.File.Contains(t, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Title.StartsWith(t, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(p => p.Title, StringComparer.Ordinal));
    }

    private void OnSearched(MapPoint? point)
    {
        _searched = point;
        if (point is null) return;
        _centreOnTrack = true;
        Go(track: point.TrackId);
    }

    [JSInvokable]
    public Task OnPointClicked(int trackId) => InvokeAsync(() =>
    {
        _centreOnTrack = false;
        Go(track: trackId);
    });

    [JSInvokable]
    public Task OnSelected(int[] trackIds) => InvokeAsync(() =>
    {
        _selection = trackIds;
        _saved = null;
        if (trackIds.Length > 0 && string.IsNullOrWhiteSpace(_playlistName))
            _playlistName = $"Map selection {DateTime.Now:yyyy-MM-dd HH:mm}";
        StateHasChanged();
    });

    private Task SelectFromListAsync(int trackId)
    {
        _centreOnTrack = true;
        Go(track: trackId);
        return Task.CompletedTask;
    }

    private async Task SelectTrackAsync(MapPoint? point, bool centre)
    {
        _track = point;
        _neighbours = point is not null && _data is { FromLatents: true }
            ? await Query.NeighboursAsync(_runId, point.TrackId, _data.Method)
            : null;
        if (_module is not null && !_drawPending) await DrawHighlightAsync(centre);
    }

    private async Task DrawHighlightAsync(bool centre)
    {
        if (_module is null) return;
        await _module.InvokeVoidAsync("highlight", ChartId, _track?.TrackId ?? -1, _track?.Title ?? "",
            _neighbours?.Select(n => n.TrackId).ToArray() ?? [], centre);
        _centreOnTrack = false;
    }

    private async Task SavePlaylistAsync()
    {
        var result = await Playlists.CreateAsync(_playlistName, _runId, _selection);
        if (!result.Saved)
        {
            _error = string.Join(" ", result.Problems.SelectMany(p => p.Value));
            return;
        }
        _error = null;
        _saved = new PlaylistSummary(result.Id!.Value, _playlistName!.Trim(), _runId, DateTime.UtcNow, _selection.Count, 0);
        _playlistName = null;
        _selection = [];
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("dispose", ChartId);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException) { }
        }
        _self?.Dispose();
    }
}
