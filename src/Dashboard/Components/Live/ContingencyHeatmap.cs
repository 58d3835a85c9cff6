using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Dashboard.Services;

namespace MusicDashboard.Dashboard.Components.Live;

/// <summary>Cluster x genre counts of one method of a run, as a heatmap; built once the run's clusters and the tracks'
/// genres are known. Rows scored per track count tracks, as the metrics did; else clips.</summary>
public sealed class ContingencyHeatmap
{
    public bool Ready { get; private set; }
    /// <summary>Changes with every rebuild: the chart is drawn anew (it changes once per run).</summary>
    public int Key { get; private set; }
    public IList<ITrace> Data { get; private set; } = [];
    public Plotly.Blazor.Layout Layout { get; } = new()
    {
        Height = 340,
        Margin = new Margin { L = 80, R = 10, T = 10, B = 70 },
        YAxis = [new YAxis { AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.Reversed }],
    };

    /// <summary>The counts (scikit-learn's contingency matrix, transposed): rows are the clusters in order, columns the genres
    /// in ordinal order; per track when every clip of a track shares its track's cluster.</summary>
    public static (IReadOnlyList<int> Clusters, IReadOnlyList<string> Genres, int[,] Counts, bool PerTrack) Count(int[] clusterOfClip, IReadOnlyList<PointInfo> info)
    {
        var genres = info.Select(i => i.Genre ?? "(none)").Distinct().Order(StringComparer.Ordinal).ToList();
        // Rows scored per track give every clip of a track its track's cluster: count tracks then, as the metrics did.
        var perTrack = info.Select((x, i) => (x.TrackId, Cluster: clusterOfClip[i])).GroupBy(t => t.TrackId).All(g => g.Select(t => t.Cluster).Distinct().Count() == 1);
        var units = Enumerable.Range(0, info.Count);
        if (perTrack) units = units.DistinctBy(i => info[i].TrackId);
        var counted = units.ToList();
        var table = ClusteringMetrics.ContingencyTable(
            counted.Select(i => genres.IndexOf(info[i].Genre ?? "(none)")).ToArray(), counted.Select(i => clusterOfClip[i]).ToArray());
        var counts = new int[table.Clusters.Length, table.Classes.Length];
        for (var c = 0; c < table.Clusters.Length; c++)
            for (var g = 0; g < table.Classes.Length; g++)
                counts[c, g] = table.Counts[g, c];
        return (table.Clusters, table.Classes.Select(g => genres[g]).ToList(), counts, perTrack);
    }

    public void Build(ProjectionUpdatedEvent? p, IReadOnlyList<PointInfo>? info)
    {
        Ready = false;
        if (p?.Clusters is null || info is null || info.Count != p.Clusters.Length) return;
        if (info.All(i => i.Genre is null)) return;
        var (clusters, genres, counts, perTrack) = Count(p.Clusters, info);
        var z = new List<object>();
        for (var c = 0; c < clusters.Count; c++)
            z.Add(Enumerable.Range(0, genres.Count).Select(g => (object)counts[c, g]).ToArray());
        Data =
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
        Ready = true;
        Key++;
    }
}
