using MusicDashboard.Core.Clustering;

namespace MusicDashboard.Core.Projections;

/// <summary>
/// Barnes-Hut t-SNE following scikit-learn 1.2.1: P from the 3 x perplexity + 1 nearest neighbours with sklearn's binary
/// search for each point's bandwidth (on float32 squared distances, neighbours in index order, as sklearn's sorted CSR),
/// symmetrised and normalised; gradient descent with sklearn's schedule (250 iterations of early exaggeration at momentum
/// 0.5, then momentum 0.8, adaptive gains with minimum 0.01, progress checks every 50 iterations) and its Barnes-Hut
/// rules (a quadtree cell is summarised when its squared width over the squared distance is below angle^2; a point's
/// own leaf is skipped). Arithmetic is double precision where sklearn uses float32, so coordinates are not sklearn's;
/// the quality (trustworthiness, KL divergence) is what is compared. Deterministic: forces are computed per point in
/// parallel and reduced in fixed chunk order.
/// </summary>
public static class Tsne
{
    private const double MachineEpsilon = 2.220446049250313e-16;

    public static TsneResult Fit(double[][] x, TsneOptions? options = null, CancellationToken ct = default)
    {
        options ??= new TsneOptions();
        var (n, d) = Checks.Matrix(x, nameof(x));
        if (options.Perplexity <= 0 || !double.IsFinite(options.Perplexity)) throw new ArgumentException($"perplexity must be a positive number, got {options.Perplexity}", nameof(options));
        if (options.Perplexity >= n) throw new ArgumentException($"perplexity ({options.Perplexity}) must be less than the number of points ({n})", nameof(options));
        if (options.MaxIter < 250) throw new ArgumentException($"MaxIter should be at least 250, got {options.MaxIter}", nameof(options));
        if (options.Angle is < 0 or > 1) throw new ArgumentException($"angle must be between 0 and 1, got {options.Angle}", nameof(options));
        _ = d;

        var p = Joint(x, options.Perplexity, ct);
        var learningRate = options.LearningRate ?? Math.Max(n / options.EarlyExaggeration / 4, 50);
        var y = Initial(x, options);

        var state = new Descent(n, y, learningRate);
        for (var t = 0; t < p.Values.Length; t++) p.Values[t] *= options.EarlyExaggeration;
        var (error, it) = state.Run(p, options, momentum: 0.5, start: 0, end: 250, withoutProgress: 300, ct);
        for (var t = 0; t < p.Values.Length; t++) p.Values[t] /= options.EarlyExaggeration;
        if (it < 250 || options.MaxIter > 250)
            (error, it) = state.Run(p, options, momentum: 0.8, start: it + 1, end: options.MaxIter, withoutProgress: 300, ct);

        var embedding = new double[n][];
        for (var i = 0; i < n; i++) embedding[i] = [state.Y[2 * i], state.Y[2 * i + 1]];
        return new TsneResult(embedding, error, it + 1);
    }

    /// <summary>sklearn's _joint_probabilities_nn on the k = min(n - 1, floor(3 perplexity + 1)) nearest neighbours.</summary>
    public static JointProbabilities Joint(double[][] x, double perplexity, CancellationToken ct = default)
    {
        var (n, d) = Checks.Matrix(x, nameof(x));
        var k = Math.Min(n - 1, (int)(3.0 * perplexity + 1));
        var flat = new double[n * d];
        for (var i = 0; i < n; i++) Array.Copy(x[i], 0, flat, i * d, d);
        var neighbours = new int[n * k];
        var conditional = new double[n * k];
        var desiredEntropy = Math.Log((float)perplexity);
        Chunks.For(n, (start, end) =>
        {
            var dist = new double[n];
            var idx = new int[n];
            var sq = new double[k];
            for (var i = start; i < end; i++)
            {
                ct.ThrowIfCancellationRequested();
                var row = flat.AsSpan(i * d, d);
                var m = 0;
                for (var j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    dist[m] = Euclid.Squared(row, flat.AsSpan(j * d, d));
                    idx[m++] = j;
                }
                // k nearest (ties by index), then in ascending index order as sklearn's CSR after sort_indices().
                SelectSmallest(dist, idx, m, k);
                var chosen = idx.AsSpan(0, k).ToArray();
                var chosenDist = dist.AsSpan(0, k).ToArray();
                Array.Sort(chosen, chosenDist);
                for (var t = 0; t < k; t++)
                {
                    neighbours[i * k + t] = chosen[t];
                    // sklearn: Euclidean distance squared back, then cast to float32.
                    var e = Math.Sqrt(chosenDist[t]);
                    sq[t] = (float)(e * e);
                }
                BinarySearch(sq, desiredEntropy, conditional.AsSpan(i * k, k));
            }
        });

        // P + P^T in CSR, then divided by its total. Row i holds its own neighbours and every j that has i as a neighbour;
        // each row is sorted by column and a pair present both ways is summed (two addends: the same in either order).
        var rowStart = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            rowStart[i + 1] += k;
            for (var t = 0; t < k; t++) rowStart[neighbours[i * k + t] + 1]++;
        }
        for (var r = 0; r < n; r++) rowStart[r + 1] += rowStart[r];
        var rawCols = new int[rowStart[n]];
        var rawVals = new double[rowStart[n]];
        var fill = rowStart[..n];
        for (var i = 0; i < n; i++)
            for (var t = 0; t < k; t++)
            {
                var j = neighbours[i * k + t];
                var v = conditional[i * k + t];
                rawCols[fill[i]] = j; rawVals[fill[i]++] = v;
                rawCols[fill[j]] = i; rawVals[fill[j]++] = v;
            }
        var counts = new int[n];
        Chunks.For(n, (start, end) =>
        {
            for (var r = start; r < end; r++)
            {
                var from = rowStart[r];
                var len = rowStart[r + 1] - from;
                var c = rawCols.AsSpan(from, len);
                var v = rawVals.AsSpan(from, len);
                c.Sort(v);
                var m = 0;
                for (var t = 0; t < len; t++)
                {
                    if (m > 0 && c[m - 1] == c[t]) { v[m - 1] += v[t]; continue; }
                    c[m] = c[t]; v[m++] = v[t];
                }
                counts[r] = m;
            }
        });
        var merged = new int[n + 1];
        for (var r = 0; r < n; r++) merged[r + 1] = merged[r] + counts[r];
        var cols = new int[merged[n]];
        var vals = new double[merged[n]];
        double total = 0;
        for (var r = 0; r < n; r++)
        {
            Array.Copy(rawCols, rowStart[r], cols, merged[r], counts[r]);
            Array.Copy(rawVals, rowStart[r], vals, merged[r], counts[r]);
        }
        foreach (var v in vals) total += v;
        rowStart = merged;
        total = Math.Max(total, MachineEpsilon);
        for (var t = 0; t < vals.Length; t++) vals[t] /= total;
        return new JointProbabilities(n, rowStart, cols, vals);
    }

    /// <summary>Moves the k smallest (distance, index) pairs of the first m to the front, in no particular order
    /// (quickselect: O(m) on average instead of sorting the whole row).</summary>
    private static void SelectSmallest(double[] dist, int[] idx, int m, int k)
    {
        if (k >= m) return;
        int lo = 0, hi = m - 1;
        bool Less(int a, int b) => dist[a] < dist[b] || (dist[a] == dist[b] && idx[a] < idx[b]);
        void Swap(int a, int b)
        {
            (dist[a], dist[b]) = (dist[b], dist[a]);
            (idx[a], idx[b]) = (idx[b], idx[a]);
        }
        while (lo < hi)
        {
            // Median of three as the pivot, parked at hi; Lomuto partition.
            var mid = lo + (hi - lo) / 2;
            if (Less(mid, lo)) Swap(mid, lo);
            if (Less(hi, lo)) Swap(hi, lo);
            if (Less(mid, hi)) Swap(mid, hi);
            var store = lo;
            for (var t = lo; t < hi; t++)
                if (Less(t, hi)) Swap(t, store++);
            Swap(store, hi);
            if (store == k - 1 || store == k) return;
            if (store < k) lo = store + 1;
            else hi = store - 1;
        }
    }

    /// <summary>sklearn's _binary_search_perplexity for one row: the bandwidth whose conditional distribution has the
    /// desired entropy (to 1e-5), at most 100 steps.</summary>
    private static void BinarySearch(double[] sq, double desiredEntropy, Span<double> p)
    {
        double beta = 1, betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity;
        for (var step = 0; step < 100; step++)
        {
            double sum = 0;
            for (var j = 0; j < sq.Length; j++)
            {
                p[j] = Math.Exp(-sq[j] * beta);
                sum += p[j];
            }
            if (sum == 0) sum = 1e-8;
            double sumDist = 0;
            for (var j = 0; j < sq.Length; j++)
            {
                p[j] /= sum;
                sumDist += sq[j] * p[j];
            }
            var entropyDiff = Math.Log(sum) + beta * sumDist - desiredEntropy;
            if (Math.Abs(entropyDiff) <= 1e-5) break;
            if (entropyDiff > 0)
            {
                betaMin = beta;
                beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
            }
            else
            {
                betaMax = beta;
                beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
            }
        }
    }

    private static double[] Initial(double[][] x, TsneOptions options)
    {
        var n = x.Length;
        var y = new double[2 * n];
        if (options.Init == TsneInit.Pca)
        {
            var projected = Pca.Fit(x, 2).Transform(x);
            double mean = 0;
            foreach (var r in projected) mean += r[0];
            mean /= n;
            double variance = 0;
            foreach (var r in projected) variance += (r[0] - mean) * (r[0] - mean);
            var std = Math.Sqrt(variance / n);
            var scale = std > 0 ? 1e-4 / std : 1.0;
            for (var i = 0; i < n; i++)
            {
                y[2 * i] = projected[i][0] * scale;
                y[2 * i + 1] = projected[i][1] * scale;
            }
        }
        else
        {
            var rng = new Random(options.Seed);
            for (var t = 0; t < y.Length; t++)
                y[t] = 1e-4 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        }
        return y;
    }

    /// <summary>
    /// Exact KL(P || Q) of an embedding, Q from all pairs (O(N^2)): the quality figure compared with scikit-learn's
    /// embedding on the same P (the Barnes-Hut estimate differs between implementations by the approximation).
    /// </summary>
    public static double KlDivergenceExact(JointProbabilities p, double[][] embedding)
    {
        var n = embedding.Length;
        if (n != p.N) throw new ArgumentException($"{n} points but P is {p.N} x {p.N}", nameof(embedding));
        var partial = Chunks.Map(n, (start, end) =>
        {
            double s = 0;
            for (var i = start; i < end; i++)
                for (var j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    double dx = embedding[i][0] - embedding[j][0], dy = embedding[i][1] - embedding[j][1];
                    s += 1 / (1 + dx * dx + dy * dy);
                }
            return s;
        });
        var z = partial.Sum();
        double kl = 0;
        for (var i = 0; i < n; i++)
            for (var t = p.RowStart[i]; t < p.RowStart[i + 1]; t++)
            {
                var j = p.Columns[t];
                var pij = p.Values[t];
                if (pij <= 0) continue;
                double dx = embedding[i][0] - embedding[j][0], dy = embedding[i][1] - embedding[j][1];
                var q = 1 / (1 + dx * dx + dy * dy) / z;
                kl += pij * Math.Log(pij / Math.Max(q, double.Epsilon));
            }
        return kl;
    }

    /// <summary>The optimiser's state: positions, the previous update and the adaptive gains (sklearn's _gradient_descent).</summary>
    private sealed class Descent(int n, double[] y, double learningRate)
    {
        public double[] Y { get; } = y;
        private readonly double[] _update = new double[2 * n];
        private readonly double[] _gains = Enumerable.Repeat(1.0, 2 * n).ToArray();
        private readonly double[] _grad = new double[2 * n];
        private readonly QuadTree _tree = QuadTree.For(y, n);

        public (double Error, int Iteration) Run(JointProbabilities p, TsneOptions o, double momentum, int start, int end, int withoutProgress, CancellationToken ct)
        {
            var error = double.MaxValue;
            var bestError = double.MaxValue;
            var bestIter = start;
            var i = start;
            for (i = start; i < end; i++)
            {
                ct.ThrowIfCancellationRequested();
                var check = (i + 1) % 50 == 0;
                var computeError = check || i == end - 1;
                var e = Gradient(p, Y, _grad, n, o.Angle, computeError, _tree);
                if (computeError) error = e;
                double gradNorm = 0;
                foreach (var g in _grad) gradNorm += g * g;
                gradNorm = Math.Sqrt(gradNorm);
                for (var t = 0; t < _grad.Length; t++)
                {
                    if (_update[t] * _grad[t] < 0) _gains[t] += 0.2;
                    else _gains[t] *= 0.8;
                    if (_gains[t] < 0.01) _gains[t] = 0.01;
                    var g = _grad[t] * _gains[t];
                    _update[t] = momentum * _update[t] - learningRate * g;
                    Y[t] += _update[t];
                }
                if (check)
                {
                    if (error < bestError)
                    {
                        bestError = error;
                        bestIter = i;
                    }
                    else if (i - bestIter > withoutProgress) break;
                    if (gradNorm <= 1e-7) break;
                }
            }
            return (error, Math.Min(i, end - 1));
        }
    }

    /// <summary>
    /// sklearn's _kl_divergence_bh: attractive forces over the sparse P, repulsive ones from the quadtree, gradient
    /// 4 (F_attr - F_rep / Z). Returns the KL estimate when asked (else NaN).
    /// </summary>
    private static double Gradient(JointProbabilities p, double[] y, double[] grad, int n, double angle, bool computeError, QuadTree tree)
    {
        tree.Rebuild();
        var theta2 = angle * angle;
        var neg = tree.Negative;
        // Points in the tree's order (a spatial sort: each quadrant's points together), so consecutive points walk nearly
        // the same cells and find them in cache; the chunks, and so the sum's order, still depend only on n and y.
        var order = tree.Order;
        var sumQParts = Chunks.Map(n, (start, end) =>
        {
            double sumQ = 0;
            for (var k = start; k < end; k++)
            {
                var i = order[k];
                double fx = 0, fy = 0;
                tree.Repulsion(y[2 * i], y[2 * i + 1], theta2, ref fx, ref fy, ref sumQ);
                neg[2 * i] = fx;
                neg[2 * i + 1] = fy;
            }
            return sumQ;
        });
        double z = 0;
        foreach (var s in sumQParts) z += s;

        var errParts = Chunks.Map(n, (start, end) =>
        {
            double c = 0;
            for (var i = start; i < end; i++)
            {
                double px = 0, py = 0;
                for (var t = p.RowStart[i]; t < p.RowStart[i + 1]; t++)
                {
                    var j = p.Columns[t];
                    double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                    var q = 1 / (1 + dx * dx + dy * dy);
                    var pij = p.Values[t];
                    var w = pij * q;
                    px += w * dx;
                    py += w * dy;
                    if (computeError)
                    {
                        const double Tiny = 1.1754943508222875e-38; // sklearn's FLOAT32_TINY floor
                        c += pij * Math.Log(Math.Max(pij, Tiny) / Math.Max(q / z, Tiny));
                    }
                }
                grad[2 * i] = 4 * (px - neg[2 * i] / z);
                grad[2 * i + 1] = 4 * (py - neg[2 * i + 1] / z);
            }
            return c;
        });
        return computeError ? errParts.Sum() : double.NaN;
    }

    /// <summary>A 2-D Barnes-Hut quadtree over flat (x, y) positions, nodes in one flat array of packed records (rebuilt
    /// every iteration, so allocation-free after the first); leaves hold one point or a pile of coincident points.</summary>
    private sealed class QuadTree
    {
        /// <summary>What the force walk reads of a node, together in one 40-byte record: centre of mass, squared width,
        /// point count, leaf flag and where its children are.</summary>
        private struct Node
        {
            public double Cx, Cy, Width2;
            public int Count;
            public int FirstChild; // index into _children of its 4 slots; -1 for a leaf
        }

        private Node[] _nodes;
        private int[] _children; // 4 slots per inner node, -1 where a quadrant is empty
        private int _count, _childSlots;
        private readonly int[] _order;
        private readonly double[] _y;

        public double[] Negative { get; }

        /// <summary>The points in the order of the last rebuild's leaves (quadrant by quadrant, recursively).</summary>
        public int[] Order => _order;

        private QuadTree(double[] y, int n)
        {
            _y = y;
            _order = new int[n];
            Negative = new double[2 * n];
            var cap = Math.Max(16, 4 * n);
            _nodes = new Node[cap];
            _children = new int[4 * cap];
        }

        /// <summary>The tree's storage belongs to one optimisation and is reused by every iteration's rebuild.</summary>
        public static QuadTree For(double[] y, int n) => new(y, n);

        public QuadTree Rebuild()
        {
            var y = _y;
            var n = _order.Length;
            for (var i = 0; i < n; i++) _order[i] = i;
            _count = 0;
            _childSlots = 0;
            double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                minX = Math.Min(minX, y[2 * i]); maxX = Math.Max(maxX, y[2 * i]);
                minY = Math.Min(minY, y[2 * i + 1]); maxY = Math.Max(maxY, y[2 * i + 1]);
            }
            var half = Math.Max(maxX - minX, maxY - minY) / 2 * (1 + 1e-3) + 1e-12;
            Add((minX + maxX) / 2, (minY + maxY) / 2, half, 0, n, 0);
            return this;
        }

        private int NewNode()
        {
            if (_count == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
            return _count++;
        }

        private int NewChildSlots()
        {
            if (_childSlots + 4 > _children.Length) Array.Resize(ref _children, _children.Length * 2);
            var first = _childSlots;
            _childSlots += 4;
            return first;
        }

        /// <summary>Builds the node for _order[from..to) in the square centred at (mx, my) of half width h; returns its id.</summary>
        private int Add(double mx, double my, double h, int from, int to, int depth)
        {
            var id = NewNode();
            double sx = 0, sy = 0;
            var y = _y;
            var coincident = true;
            double x0 = y[2 * _order[from]], y0 = y[2 * _order[from] + 1];
            for (var t = from; t < to; t++)
            {
                var px = y[2 * _order[t]];
                var py = y[2 * _order[t] + 1];
                sx += px; sy += py;
                if (px != x0 || py != y0) coincident = false;
            }
            var count = to - from;
            var leaf = count == 1 || coincident || depth > 60;
            _nodes[id] = new Node { Cx = sx / count, Cy = sy / count, Width2 = 4 * h * h, Count = count, FirstChild = -1 };
            if (leaf) return id;

            var slots = NewChildSlots();
            _nodes[id].FirstChild = slots;
            // Quadrants: split by x (left / right), then each half by y.
            var midX = Partition(from, to, 0, mx);
            var lowLeft = Partition(from, midX, 1, my);
            var lowRight = Partition(midX, to, 1, my);
            var q = h / 2;
            _children[slots] = lowLeft > from ? Add(mx - q, my - q, q, from, lowLeft, depth + 1) : -1;
            _children[slots + 1] = midX > lowLeft ? Add(mx - q, my + q, q, lowLeft, midX, depth + 1) : -1;
            _children[slots + 2] = lowRight > midX ? Add(mx + q, my - q, q, midX, lowRight, depth + 1) : -1;
            _children[slots + 3] = to > lowRight ? Add(mx + q, my + q, q, lowRight, to, depth + 1) : -1;
            return id;
        }

        private int Partition(int from, int to, int axis, double split)
        {
            var i = from;
            for (var t = from; t < to; t++)
                if (_y[2 * _order[t] + axis] < split) (_order[i], _order[t]) = (_order[t], _order[i++]);
            return i;
        }

        /// <summary>Sum over summarised cells of count q^2 (x - c) (the unnormalised repulsion) and of count q (Z).</summary>
        public void Repulsion(double px, double py, double theta2, ref double fx, ref double fy, ref double sumQ)
        {
            Span<int> stack = stackalloc int[4 * 64 + 4];
            var nodes = _nodes;
            var children = _children;
            double sq = 0, ax = 0, ay = 0;
            var top = 0;
            stack[top++] = 0;
            while (top > 0)
            {
                ref readonly var node = ref nodes[stack[--top]];
                double dx = px - node.Cx, dy = py - node.Cy;
                var d2 = dx * dx + dy * dy;
                var leaf = node.FirstChild < 0;
                // A leaf at the point's own position is the point itself (or its duplicates): no self interaction.
                if (leaf && Math.Abs(dx) <= 1e-6 && Math.Abs(dy) <= 1e-6) continue;
                if (leaf || node.Width2 < theta2 * d2)
                {
                    var q = 1 / (1 + d2);
                    var size = node.Count;
                    sq += size * q;
                    var mult = size * q * q;
                    ax += mult * dx;
                    ay += mult * dy;
                }
                else
                {
                    var c = node.FirstChild;
                    for (var k = 3; k >= 0; k--)
                    {
                        var child = children[c + k];
                        if (child >= 0) stack[top++] = child;
                    }
                }
            }
            sumQ += sq;
            fx += ax;
            fy += ay;
        }
    }
}
