namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// Nearest neighbours by euclidean distance, brute force: every vector against the query, then the k smallest. At 10 000
/// tracks of 16-128 dimensions that is at most ~1.3 M multiply-adds, well under a millisecond or two, so no index is kept.
/// </summary>
public static class NeighbourSearch
{
    /// <summary>The <paramref name="k"/> nearest of <paramref name="vectors"/> to the one at <paramref name="query"/>
    /// (itself left out), nearest first; ties by index.</summary>
    public static IReadOnlyList<(int Index, double Distance)> Nearest(IReadOnlyList<float[]> vectors, int query, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (query < 0 || query >= vectors.Count) throw new ArgumentOutOfRangeException(nameof(query));
        var q = vectors[query];
        var distances = new (double Squared, int Index)[vectors.Count - 1];
        var n = 0;
        for (var i = 0; i < vectors.Count; i++)
        {
            if (i == query) continue;
            var v = vectors[i];
            double sum = 0;
            for (var j = 0; j < q.Length; j++)
            {
                var d = (double)v[j] - q[j];
                sum += d * d;
            }
            distances[n++] = (sum, i);
        }
        var take = Math.Min(k, distances.Length);
        // A partial selection would do, but a full sort of 10 000 pairs is ~1 ms: keep it simple and exact.
        Array.Sort(distances, (a, b) => a.Squared != b.Squared ? a.Squared.CompareTo(b.Squared) : a.Index.CompareTo(b.Index));
        return distances.Take(take).Select(d => (d.Index, Math.Sqrt(d.Squared))).ToList();
    }
}
