using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Services;
using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;

namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>
/// The latent scatter of a run: the latest projection of each method (training snapshots, then the final one with
/// clusters), one WebGL trace with a colour array, coloured by cluster or by genre, replaced whole when a projection
/// arrives. Follows the newest method to report unless the user chose one. Genres come with the projections (so the
/// training-time snapshots can be coloured by genre), or from the stored points once the run has ended.
/// </summary>
public sealed class LatentScatter
{
    private readonly Dictionary<string, ProjectionUpdatedEvent> _projections = [];
    private readonly List<string> _methods = [];
    private bool _methodChosen;

    public Plotly.Blazor.Layout Layout { get; } = new()
    {
        Height = 320,
        Margin = new Margin { L = 40, R = 10, T = 10, B = 30 },
        HoverMode = HoverModeEnum.Closest,
        ShowLegend = false,
    };

    public IList<ITrace> Data { get; } = [new ScatterGl()];

    /// <summary>Which track each stored point came from, per method (known once the run's assignments are stored).</summary>
    public IReadOnlyDictionary<string, List<PointInfo>> Points { get; set; } = new Dictionary<string, List<PointInfo>>();

    public IReadOnlyList<string> Methods => _methods;
    public string? Method { get; private set; }
    private string? _colourBy;

    /// <summary>"cluster" or "genre": the user's choice, else genre while there are no clusters yet (training) and the
    /// genres are known, else cluster.</summary>
    public string ColourBy
    {
        get => _colourBy ?? (Current is { Clusters: null } p && GenresOf(p) is not null ? "genre" : "cluster");
        set => _colourBy = value;
    }

    public ProjectionUpdatedEvent? Current => Method is not null && _projections.TryGetValue(Method, out var p) ? p : null;

    /// <summary>The points of the shown method when they match its projection, else null.</summary>
    public List<PointInfo>? CurrentPoints =>
        Method is not null && Points.TryGetValue(Method, out var pts) && Current is { } p && pts.Count == p.X.Length ? pts : null;

    public void Clear()
    {
        _projections.Clear();
        _methods.Clear();
        Points = new Dictionary<string, List<PointInfo>>();
        Method = null;
        _colourBy = null;
    }

    public void Store(ProjectionUpdatedEvent p)
    {
        _projections[p.Method] = p;
        if (!_methods.Contains(p.Method)) _methods.Add(p.Method);
        // Follow the model: the latest method to report (the latent one after the baseline) is shown unless the user chose.
        if (!_methodChosen) Method = p.Method;
    }

    public void Choose(string method)
    {
        Method = method;
        _methodChosen = true;
    }

    public string Title => Current is { } p
        ? p.Final ? $"{p.Method}: {p.Technique.ToUpperInvariant()} projection" : $"Latent means during training: PCA at epoch {p.Epoch}"
        : "Latent projection";

    public string Caption(RunState state)
    {
        var p = Current;
        if (p is null) return state is RunState.Queued or RunState.Running ? "Points appear every few epochs while training (PCA of the latent means), and after clustering." : "No projection was recorded for this run.";
        var info = CurrentPoints is not null;
        var colour = ColourBy == "genre" && GenresOf(p) is null ? "This projection carries no genre labels (the collection has none): one colour. "
            : ColourBy == "cluster" && p.Clusters is null ? "No clusters yet (training): one colour until clustering. " : "";
        return $"{p.X.Length:N0} clips. {colour}" + (info ? "Hover a point for its track; click it to open the track." : "");
    }

    /// <summary>Rebuilds the trace for the current method and colouring.</summary>
    public void Rebuild() => Data[0] = Trace();

    private ScatterGl Trace()
    {
        var p = Current;
        var trace = new ScatterGl
        {
            Name = Method ?? "points",
            Mode = Plotly.Blazor.Traces.ScatterGlLib.ModeFlag.Markers,
            X = p?.X.Select(v => (object)v).ToList() ?? [],
            Y = p?.Y.Select(v => (object)v).ToList() ?? [],
            Marker = new Plotly.Blazor.Traces.ScatterGlLib.Marker { Size = 6, Opacity = 0.85m },
            HoverInfo = Plotly.Blazor.Traces.ScatterGlLib.HoverInfoFlag.Text,
        };
        if (p is null) return trace;
        var (colours, _) = Colours(p);
        if (colours is null) trace.Marker.Color = "#4338ca";
        else trace.Marker.ColorArray = colours.Select(c => (object)c).ToList();
        trace.TextArray = HoverTexts(p);
        return trace;
    }

    /// <summary>Per-point colours and labels for the chosen colouring, or null colours when it is not known yet.</summary>
    private (string[]? Colours, string[]? Labels) Colours(ProjectionUpdatedEvent p)
    {
        if (ColourBy == "genre")
        {
            if (GenresOf(p) is not { } known) return (null, null);
            var labels = known.Select(g => g ?? "(none)").ToArray();
            var genres = labels.Distinct().Order(StringComparer.Ordinal).ToList();
            return (labels.Select(g => ChartPalette.Colours[genres.IndexOf(g) % ChartPalette.Colours.Length]).ToArray(), labels);
        }
        if (p.Clusters is null) return (null, null);
        return (p.Clusters.Select(ChartPalette.At).ToArray(), p.Clusters.Select(c => $"cluster {c}").ToArray());
    }

    /// <summary>Each point's genre: from the stored points when they match, else as the projection carried them; null
    /// when neither says (a projection rebuilt from the database before its points are loaded, or no labels at all).</summary>
    private string?[]? GenresOf(ProjectionUpdatedEvent p)
    {
        if (Method == p.Method && CurrentPoints is { } info) return info.Select(i => i.Genre).ToArray();
        return p.Genres is { } g && g.Length == p.X.Length && g.Any(x => x is not null) ? g : null;
    }

    private List<string> HoverTexts(ProjectionUpdatedEvent p)
    {
        var info = CurrentPoints;
        var genres = GenresOf(p);
        var texts = new List<string>(p.X.Length);
        for (var i = 0; i < p.X.Length; i++)
        {
            var cluster = p.Clusters is null ? "" : $"<br>cluster {p.Clusters[i]}";
            texts.Add(info is null
                ? $"clip {i}{(genres is null ? "" : $"<br>genre {genres[i] ?? "—"}")}{cluster}"
                : $"{info[i].File} (clip {info[i].ClipIndex})<br>genre {info[i].Genre ?? "—"}{cluster}");
        }
        return texts;
    }

    /// <summary>Legend chips: the colour of each cluster or genre in the scatter.</summary>
    public IReadOnlyList<(string Label, string Colour)> LegendItems()
    {
        var p = Current;
        if (p is null) return [];
        var (colours, labels) = Colours(p);
        if (colours is null || labels is null) return [];
        return labels.Zip(colours).Distinct().OrderBy(x => x.First, StringComparer.Ordinal).Select(x => (x.First, x.Second)).ToList();
    }

    /// <summary>The Tracks page address of a clicked point (its track, and its cluster when known); null when not known.</summary>
    public string? TrackLink(int runId, int index)
    {
        if (Method is null || !Points.TryGetValue(Method, out var info) || index < 0 || index >= info.Count) return null;
        var cluster = Current?.Clusters is { } c && index < c.Length ? $"&cluster={c[index]}" : "";
        return $"tracks?run={runId}&method={Uri.EscapeDataString(Method)}&track={info[index].TrackId}{cluster}";
    }
}
