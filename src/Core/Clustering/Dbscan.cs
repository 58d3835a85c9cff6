namespace MusicDashboard.Core.Clustering;

/// <summary>
/// DBSCAN as scikit-learn 1.2's <c>DBSCAN(eps, min_samples, metric="euclidean", algorithm="brute")</c>: a point with at
/// least <c>minSamples</c> points (itself included) within distance <c>eps</c> is a core point; clusters grow from core
/// points in index order by depth-first expansion (sklearn's dbscan_inner), a border point joining the first cluster that
/// reaches it; points reached by no core point are noise, labelled -1. Clusters are numbered 0.. in order of their
/// first core point. Neighbourhoods are found by brute force (O(N^2 D) time, parallel over rows).
/// </summary>
public static class Dbscan
{
    /// <summary>Above this many stored neighbour pairs the radius is too large to be useful and memory would blow up.</summary>
    private const long MaxPairs = 50_000_000;

    public static int[] Fit(double[][] x, double eps, int minSamples, CancellationToken ct = default)
    {
        if (!double.IsFinite(eps) || eps <= 0) throw new ArgumentException($"eps must be a finite number > 0, got {eps}", nameof(eps));
        if (minSamples < 1) throw new ArgumentException($"min_samples must be at least 1, got {minSamples}", nameof(minSamples));
        var data = DenseData.FromRows(x, nameof(x), center: false);
        int n = data.N, d = data.D;
        var eps2 = eps * eps;
        var neighbours = new int[n][];
        long pairs = 0;
        Chunks.For(n, (start, end) =>
        {
            var list = new List<int>();
            for (var i = start; i < end; i++)
            {
                ct.ThrowIfCancellationRequested();
                list.Clear();
                var row = data.Values.AsSpan(i * d, d);
                for (var j = 0; j < n; j++)
                    if (Euclid.Squared(row, data.Values.AsSpan(j * d, d)) <= eps2) list.Add(j);
                neighbours[i] = list.ToArray();
                if (Interlocked.Add(ref pairs, list.Count) > MaxPairs)
                    throw new ArgumentException($"eps = {eps} puts more than {MaxPairs:N0} point pairs within reach of each other: choose a smaller eps", nameof(eps));
            }
        });

        var labels = new int[n];
        Array.Fill(labels, -1);
        var core = new bool[n];
        for (var i = 0; i < n; i++) core[i] = neighbours[i].Length >= minSamples;
        var stack = new Stack<int>();
        var next = 0;
        for (var start = 0; start < n; start++)
        {
            if (labels[start] != -1 || !core[start]) continue;
            var i = start;
            while (true)
            {
                if (labels[i] == -1)
                {
                    labels[i] = next;
                    if (core[i])
                        foreach (var v in neighbours[i])
                            if (labels[v] == -1) stack.Push(v);
                }
                if (stack.Count == 0) break;
                i = stack.Pop();
            }
            next++;
        }
        return labels;
    }
}
