namespace MusicDashboard.Core.Clustering.Methods;

/// <summary>
/// HDBSCAN (Campello, Moulavi and Sander 2013), computed as McInnes' <c>hdbscan</c> and R's <c>dbscan::hdbscan</c> do:
/// <list type="number">
/// <item>core distance of each point: the distance to its <c>minSamples</c>-th nearest point, the point itself counted;</item>
/// <item>mutual reachability of two points: the largest of their distance and their two core distances;</item>
/// <item>the minimum spanning tree of that graph (Prim, dense), its edges sorted by weight (stable), merged into the
/// single-linkage tree;</item>
/// <item>the condensed tree: from the root down, a split where both sides hold at least <c>minClusterSize</c> points
/// births two clusters; a smaller side's points fall out of the cluster at that level (lambda = 1 / distance);</item>
/// <item>excess-of-mass selection: a cluster's stability is the sum over its points of (lambda when it leaves - lambda
/// when the cluster was born); leaves up, a cluster is kept unless its children's summed stability is larger; the root
/// is never a cluster (hdbscan's <c>allow_single_cluster=False</c>).</item>
/// </list>
/// Each point is labelled with the kept cluster it belongs to, or -1 (noise) when it fell out above every kept cluster.
/// Clusters are numbered 0.. in order of their first point. O(N^2 D) time and O(N) memory beyond the data.
/// </summary>
public static class Hdbscan
{
    public static int[] Fit(double[][] x, int minClusterSize, int minSamples, CancellationToken ct = default)
    {
        if (minClusterSize < 2) throw new ArgumentException($"min_cluster_size must be at least 2, got {minClusterSize}", nameof(minClusterSize));
        if (minSamples < 1) throw new ArgumentException($"min_samples must be at least 1, got {minSamples}", nameof(minSamples));
        var data = DenseData.FromRows(x, nameof(x), center: false);
        var n = data.N;
        var labels = new int[n];
        Array.Fill(labels, -1);
        if (n < 2) return labels;
        var core = CoreDistances(data, Math.Min(minSamples, n), ct);
        var (left, right, height, size) = SingleLinkage(data, core, ct);
        var condensed = Condense(n, left, right, height, size, minClusterSize);
        var selected = SelectClusters(condensed, n);
        Label(condensed, selected, labels);
        return labels;
    }

    private static double Distance(DenseData data, int i, int j) =>
        Math.Sqrt(Euclid.Squared(data.Values.AsSpan(i * data.D, data.D), data.Values.AsSpan(j * data.D, data.D)));

    /// <summary>Distance to the k-th nearest point, the point itself (distance 0) being the first.</summary>
    private static double[] CoreDistances(DenseData data, int k, CancellationToken ct)
    {
        var n = data.N;
        var core = new double[n];
        Chunks.For(n, (start, end) =>
        {
            var row = new double[n];
            for (var i = start; i < end; i++)
            {
                ct.ThrowIfCancellationRequested();
                for (var j = 0; j < n; j++) row[j] = j == i ? 0 : Distance(data, i, j);
                Array.Sort(row);
                core[i] = row[k - 1];
            }
        });
        return core;
    }

    /// <summary>Prim's minimum spanning tree of the mutual-reachability graph, then its edges by increasing weight merged
    /// into a binary tree: nodes 0..n-1 are points, node n + i is the i-th merge.</summary>
    private static (int[] Left, int[] Right, double[] Height, int[] Size) SingleLinkage(DenseData data, double[] core, CancellationToken ct)
    {
        var n = data.N;
        var inTree = new bool[n];
        var best = new double[n];
        var from = new int[n];
        Array.Fill(best, double.PositiveInfinity);
        var edges = new (int A, int B, double W)[n - 1];
        var current = 0;
        inTree[0] = true;
        for (var e = 0; e < n - 1; e++)
        {
            ct.ThrowIfCancellationRequested();
            var c = current;
            Chunks.For(n, (start, end) =>
            {
                for (var j = start; j < end; j++)
                {
                    if (inTree[j]) continue;
                    var w = Math.Max(Distance(data, c, j), Math.Max(core[c], core[j]));
                    if (w < best[j]) { best[j] = w; from[j] = c; }
                }
            });
            var next = -1;
            for (var j = 0; j < n; j++)
                if (!inTree[j] && (next < 0 || best[j] < best[next])) next = j;
            edges[e] = (from[next], next, best[next]);
            inTree[next] = true;
            current = next;
        }

        var order = Enumerable.Range(0, n - 1).OrderBy(i => edges[i].W).ToArray();
        var nodes = 2 * n - 1;
        var left = new int[nodes];
        var right = new int[nodes];
        var height = new double[nodes];
        var size = new int[nodes];
        var parent = Enumerable.Range(0, nodes).ToArray();
        for (var i = 0; i < n; i++) { size[i] = 1; left[i] = right[i] = -1; }
        int Find(int v)
        {
            while (parent[v] != v) v = parent[v] = parent[parent[v]];
            return v;
        }
        for (var m = 0; m < n - 1; m++)
        {
            var (a, b, w) = edges[order[m]];
            var (ra, rb) = (Find(a), Find(b));
            var node = n + m;
            left[node] = ra;
            right[node] = rb;
            height[node] = w;
            size[node] = size[ra] + size[rb];
            parent[ra] = parent[rb] = node;
        }
        return (left, right, height, size);
    }

    /// <summary>One row of the condensed tree: <paramref name="Child"/> (a point, or a cluster id &gt;= n) leaves cluster
    /// <paramref name="Parent"/> at <paramref name="Lambda"/> with <paramref name="Size"/> points.</summary>
    private readonly record struct Entry(int Parent, int Child, double Lambda, int Size);

    /// <summary>hdbscan's condense_tree: clusters are numbered n (the root), n + 1, ... in breadth-first order.</summary>
    private static List<Entry> Condense(int n, int[] left, int[] right, double[] height, int[] size, int minClusterSize)
    {
        var entries = new List<Entry>();
        var root = 2 * n - 2;
        var cluster = new Dictionary<int, int> { [root] = n };
        var nextId = n + 1;
        var queue = new Queue<int>();
        queue.Enqueue(root);
        var stack = new Stack<int>();
        void FallOut(int node, int parentCluster, double lambda)
        {
            stack.Push(node);
            while (stack.Count > 0)
            {
                var v = stack.Pop();
                if (v < n) entries.Add(new Entry(parentCluster, v, lambda, 1));
                else { stack.Push(left[v]); stack.Push(right[v]); }
            }
        }
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (node < n) continue;
            var id = cluster[node];
            var lambda = height[node] > 0 ? 1.0 / height[node] : double.PositiveInfinity;
            var (l, r) = (left[node], right[node]);
            bool bigL = size[l] >= minClusterSize, bigR = size[r] >= minClusterSize;
            if (bigL && bigR)
            {
                foreach (var child in new[] { l, r })
                {
                    cluster[child] = nextId;
                    entries.Add(new Entry(id, nextId, lambda, size[child]));
                    nextId++;
                    queue.Enqueue(child);
                }
            }
            else if (!bigL && !bigR)
            {
                FallOut(l, id, lambda);
                FallOut(r, id, lambda);
            }
            else
            {
                var (big, small) = bigL ? (l, r) : (r, l);
                cluster[big] = id;
                queue.Enqueue(big);
                FallOut(small, id, lambda);
            }
        }
        return entries;
    }

    /// <summary>Excess of mass over the condensed tree's clusters; returns the kept cluster ids.</summary>
    private static HashSet<int> SelectClusters(List<Entry> tree, int n)
    {
        var birth = new Dictionary<int, double> { [n] = 0 };
        var children = new Dictionary<int, List<int>>();
        foreach (var e in tree)
            if (e.Child >= n)
            {
                birth[e.Child] = e.Lambda;
                if (!children.TryGetValue(e.Parent, out var list)) children[e.Parent] = list = [];
                list.Add(e.Child);
            }
        var stability = birth.Keys.ToDictionary(c => c, _ => 0.0);
        foreach (var e in tree) stability[e.Parent] += (e.Lambda - birth[e.Parent]) * e.Size;

        var selected = new HashSet<int>();
        // Children have larger ids than their parents: descending order visits every child before its parent.
        foreach (var c in stability.Keys.Where(c => c != n).OrderByDescending(c => c))
        {
            var kids = children.GetValueOrDefault(c) ?? [];
            var sub = kids.Sum(k => stability[k]);
            if (kids.Count > 0 && sub > stability[c]) stability[c] = sub;
            else
            {
                selected.Add(c);
                var stack = new Stack<int>(kids);
                while (stack.Count > 0)
                {
                    var v = stack.Pop();
                    selected.Remove(v);
                    foreach (var k in children.GetValueOrDefault(v) ?? []) stack.Push(k);
                }
            }
        }
        return selected;
    }

    private static void Label(List<Entry> tree, HashSet<int> selected, int[] labels)
    {
        var n = labels.Length;
        var parentOf = new Dictionary<int, int>();
        var fellFrom = new int[n];
        foreach (var e in tree)
        {
            if (e.Child >= n) parentOf[e.Child] = e.Parent;
            else fellFrom[e.Child] = e.Parent;
        }
        var ids = new Dictionary<int, int>();
        for (var i = 0; i < n; i++)
        {
            var c = fellFrom[i];
            while (!selected.Contains(c) && parentOf.TryGetValue(c, out var up)) c = up;
            if (!selected.Contains(c)) continue;
            if (!ids.TryGetValue(c, out var id)) ids[c] = id = ids.Count;
            labels[i] = id;
        }
    }
}
