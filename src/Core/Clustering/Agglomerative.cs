namespace MusicDashboard.Core.Clustering;

/// <summary>
/// Agglomerative clustering with Ward's criterion, as scikit-learn 1.2's <c>AgglomerativeClustering(linkage="ward")</c>
/// (which builds scipy's Ward tree and cuts it into K clusters). Built by the nearest-neighbour chain algorithm on
/// cluster centroids: the Ward merge cost of clusters a and b is n_a n_b / (n_a + n_b) |c_a - c_b|^2 (scipy's Ward
/// distance squared, halved), so the merges, and thus the cut, are scipy's; only memory is O(N D) instead of a condensed
/// N^2 / 2 distance matrix. Labels agree with sklearn's up to renumbering; here cluster ids follow first appearance.
/// </summary>
public static class Agglomerative
{
    public static int[] Ward(double[][] x, int k, CancellationToken ct = default)
    {
        var data = DenseData.FromRows(x, nameof(x), center: false);
        int n = data.N, d = data.D;
        if (k < 1 || k > n) throw new ArgumentException($"K = {k} but there are {n} points (K must be between 1 and the number of points)", nameof(k));
        var centroids = (double[])data.Values.Clone();
        var size = new double[n];
        Array.Fill(size, 1.0);
        var active = Enumerable.Range(0, n).ToList();
        var position = Enumerable.Range(0, n).ToArray(); // slot -> index in active, -1 once merged away
        var merges = new List<(int A, int B, double Cost)>(n - 1);
        var chain = new List<int>();
        while (active.Count > 1)
        {
            ct.ThrowIfCancellationRequested();
            if (chain.Count == 0) chain.Add(active[0]);
            var a = chain[^1];
            var previous = chain.Count > 1 ? chain[^2] : -1;
            var (b, cost) = Nearest(a, previous, active, centroids, size, d);
            if (b == previous)
            {
                chain.RemoveAt(chain.Count - 1);
                chain.RemoveAt(chain.Count - 1);
                merges.Add((a, b, cost));
                // The merged cluster lives on in the lower slot; the other slot leaves the active list.
                var (keep, drop) = a < b ? (a, b) : (b, a);
                var total = size[keep] + size[drop];
                for (var j = 0; j < d; j++)
                    centroids[keep * d + j] = (size[keep] * centroids[keep * d + j] + size[drop] * centroids[drop * d + j]) / total;
                size[keep] = total;
                var at = position[drop];
                var last = active[^1];
                active[at] = last;
                position[last] = at;
                active.RemoveAt(active.Count - 1);
                position[drop] = -1;
            }
            else chain.Add(b);
        }

        // scipy sorts the chain's merges by distance (stable); the tree cut into K keeps the first n - K of them.
        var order = Enumerable.Range(0, merges.Count).OrderBy(i => merges[i].Cost).ToArray();
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int v)
        {
            while (parent[v] != v) v = parent[v] = parent[parent[v]];
            return v;
        }
        for (var m = 0; m < n - k; m++)
        {
            var (a, b, _) = merges[order[m]];
            parent[Find(a)] = Find(b);
        }
        var ids = new Dictionary<int, int>();
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var root = Find(i);
            if (!ids.TryGetValue(root, out var id)) ids[root] = id = ids.Count;
            labels[i] = id;
        }
        return labels;
    }

    /// <summary>The active cluster with the lowest Ward cost to <paramref name="a"/>; on a tie the chain's previous element
    /// (needed for the chain to terminate), else the lowest slot.</summary>
    private static (int Best, double Cost) Nearest(int a, int previous, List<int> active, double[] centroids, double[] size, int d)
    {
        var partial = Chunks.Map(active.Count, (start, end) =>
        {
            var best = -1;
            var bestCost = double.PositiveInfinity;
            var cA = centroids.AsSpan(a * d, d);
            for (var t = start; t < end; t++)
            {
                var b = active[t];
                if (b == a) continue;
                var cost = size[a] * size[b] / (size[a] + size[b]) * Euclid.Squared(cA, centroids.AsSpan(b * d, d));
                if (cost < bestCost || (cost == bestCost && Better(b, best, previous)))
                {
                    bestCost = cost;
                    best = b;
                }
            }
            return (best, bestCost);
        });
        var (bestAll, costAll) = (-1, double.PositiveInfinity);
        foreach (var (b, cost) in partial)
            if (b >= 0 && (cost < costAll || (cost == costAll && Better(b, bestAll, previous)))) (bestAll, costAll) = (b, cost);
        return (bestAll, costAll);
    }

    private static bool Better(int candidate, int current, int previous) =>
        current < 0 || (candidate == previous) || (current != previous && candidate < current);
}
