using MusicDashboard.Core.Features;

namespace MusicDashboard.Training.Pipeline;

/// <summary>
/// What a row is clustered and scored on: every clip (view) as it is, or one row per track (the mean of its views).
/// Raw and latent rows of a run use the same units, so their scores compare. Results are expanded back to clips for
/// storage and plots (each clip shows its track's cluster and point).
/// </summary>
public sealed class ScoringUnits
{
    private ScoringUnits(string name, int[] unitOfClip, int count)
    {
        Name = name;
        UnitOfClip = unitOfClip;
        Count = count;
        ViewsPerUnit = new int[count];
        foreach (var u in unitOfClip) ViewsPerUnit[u]++;
    }

    /// <summary>"tracks" or "clips": what the metrics were computed over (shown beside every row).</summary>
    public string Name { get; }
    public int Count { get; }
    /// <summary>The unit of every clip.</summary>
    public int[] UnitOfClip { get; }
    /// <summary>Views (clips) that make up each unit.</summary>
    public int[] ViewsPerUnit { get; }
    public bool PerTrack => Name == Tracks;

    public const string Tracks = "tracks";
    public const string Clips = "clips";

    public static ScoringUnits For(IReadOnlyList<ClipInfo> clips, LatentAggregation aggregation)
    {
        if (aggregation == LatentAggregation.Clip) return new ScoringUnits(Clips, Enumerable.Range(0, clips.Count).ToArray(), clips.Count);
        var index = new Dictionary<int, int>();
        var units = clips.Select(c => index.TryGetValue(c.TrackIndex, out var u) ? u : index[c.TrackIndex] = index.Count).ToArray();
        return new ScoringUnits(Tracks, units, index.Count);
    }

    /// <summary>One row per unit: the mean of its clips' rows.</summary>
    public double[][] Reduce(double[][] clipRows)
    {
        if (!PerTrack) return clipRows;
        var d = clipRows[0].Length;
        var sums = Enumerable.Range(0, Count).Select(_ => new double[d]).ToArray();
        for (var i = 0; i < clipRows.Length; i++)
        {
            var s = sums[UnitOfClip[i]];
            for (var j = 0; j < d; j++) s[j] += clipRows[i][j];
        }
        for (var u = 0; u < Count; u++)
            for (var j = 0; j < d; j++) sums[u][j] /= ViewsPerUnit[u];
        return sums;
    }

    /// <summary>The label of each unit (a track's clips share its genre), or null when the clips have none.</summary>
    public int[]? Labels(int[]? clipLabels)
    {
        if (clipLabels is null) return null;
        var labels = new int[Count];
        for (var i = 0; i < clipLabels.Length; i++) labels[UnitOfClip[i]] = clipLabels[i];
        return labels;
    }

    /// <summary>Per-unit values back to every clip.</summary>
    public T[] Expand<T>(T[] unitValues) => UnitOfClip.Select(u => unitValues[u]).ToArray();
}
