using MusicDashboard.Core.Clustering;

namespace MusicDashboard.Core.Projections;

/// <summary>
/// UMAP (McInnes, Healy and Melville 2018) following umap-learn 0.5.3 with the Euclidean metric:
/// <list type="number">
/// <item>exact k nearest neighbours, the point itself first (<see cref="ExactNeighbours"/>; umap-learn is exact below
/// 4096 points and uses NN-descent above);</item>
/// <item>smooth_knn_dist: each point's rho (distance to its nearest non-identical neighbour) and sigma (binary search so
/// the memberships sum to log2 k), in float32 as umap's numba code;</item>
/// <item>memberships exp(-(d - rho) / sigma), fuzzy union A + A^T - A o A^T;</item>
/// <item>edges below max / n_epochs dropped; n_epochs 500 up to 10 000 points, 200 above;</item>
/// <item>a and b fitted to min_dist and spread as find_ab_params (Levenberg-Marquardt least squares, as scipy's
/// curve_fit, from a = b = 1);</item>
/// <item>start: the spectral layout of the graph (<see cref="SpectralLayout"/>) scaled to a largest coordinate of 10 plus
/// Gaussian noise of 1e-4, then each axis rescaled to [0, 10]. When the pruned graph is not connected, umap-learn lays each
/// component out spectrally and places them by a meta-embedding; here the first two principal components of the data,
/// scaled the same way, are the start instead (<see cref="UmapInit.Pca"/>);</item>
/// <item>SGD as optimize_layout_euclidean: each edge sampled every max(w) / w epochs, both ends attracted, clipped to
/// +-4; negative_sample_rate negative samples per positive one drawn with umap's Tausworthe generator, repulsion
/// 2 gamma b / ((0.001 + d^2)(1 + a d^2b)); learning rate alpha (1 - epoch / n_epochs).</item>
/// </list>
/// The optimisation runs sequentially over the edges, as umap-learn does when given a random_state, so one seed gives one
/// result on any machine and thread count; the neighbour search and the eigen-solver run in parallel deterministically.
/// </summary>
public static class Umap
{
    private const double SmoothKTolerance = 1e-5;
    private const float MinKDistScale = 1e-3f;

    /// <param name="onEpoch">Called after each optimisation epoch with the number of epochs done (progress; the tests
    /// cancel from it at a known epoch).</param>
    public static UmapResult Fit(double[][] x, UmapOptions? options = null, CancellationToken ct = default, Action<int>? onEpoch = null)
    {
        options ??= new UmapOptions();
        var (n, _) = Checks.Matrix(x, nameof(x));
        Validate(options, n);
        var (a, b) = FindAbParams(options.Spread, options.MinDist);
        var graph = FuzzyGraph(x, options.NNeighbors, options.LocalConnectivity, options.SetOpMixRatio, ct);
        var epochs = options.NEpochs ?? (n <= 10000 ? 500 : 200);
        var defaultEpochs = n <= 10000 ? 500 : 200;
        var (head, tail, weight) = Prune(graph, epochs > 10 ? epochs : defaultEpochs);

        var rng = new Random(options.Seed);
        var components = Components(n, head, tail);
        double[] init;
        UmapInit start;
        if (components == 1 && n > 3)
        {
            init = SpectralLayout.Compute(Pruned(graph.N, head, tail, weight), 2, ct);
            start = UmapInit.Spectral;
        }
        else
        {
            var pca = Pca.Fit(x, Math.Min(2, x[0].Length)).Transform(x);
            init = new double[2 * n];
            for (var i = 0; i < n; i++)
                for (var c = 0; c < pca[i].Length; c++) init[2 * i + c] = pca[i][c];
            start = UmapInit.Pca;
        }
        var embedding = Start(init, n, rng);
        Optimise(embedding, head, tail, weight, n, epochs, a, b, options, new Tausworthe(rng), ct, onEpoch);

        var result = new double[n][];
        for (var i = 0; i < n; i++) result[i] = [embedding[2 * i], embedding[2 * i + 1]];
        return new UmapResult(result, a, b, epochs, start, components);
    }

    private static void Validate(UmapOptions o, int n)
    {
        if (n < 3) throw new ArgumentException($"UMAP needs at least 3 points, got {n}", "x");
        if (o.NNeighbors < 2) throw new ArgumentException($"n_neighbors must be at least 2, got {o.NNeighbors}", nameof(o));
        if (o.NNeighbors > n) throw new ArgumentException($"n_neighbors ({o.NNeighbors}) must not exceed the number of points ({n})", nameof(o));
        if (!(o.Spread > 0) || !double.IsFinite(o.Spread)) throw new ArgumentException($"spread must be a positive number, got {o.Spread}", nameof(o));
        if (!(o.MinDist >= 0) || o.MinDist > o.Spread) throw new ArgumentException($"min_dist must be between 0 and spread ({o.Spread}), got {o.MinDist}", nameof(o));
        if (o.NEpochs is < 1) throw new ArgumentException($"n_epochs must be at least 1, got {o.NEpochs}", nameof(o));
        if (!(o.LearningRate > 0)) throw new ArgumentException($"learning rate must be positive, got {o.LearningRate}", nameof(o));
        if (!(o.RepulsionStrength >= 0)) throw new ArgumentException($"repulsion strength must not be negative, got {o.RepulsionStrength}", nameof(o));
        if (o.NegativeSampleRate < 0) throw new ArgumentException($"negative_sample_rate must not be negative, got {o.NegativeSampleRate}", nameof(o));
        if (!(o.LocalConnectivity >= 0)) throw new ArgumentException($"local_connectivity must not be negative, got {o.LocalConnectivity}", nameof(o));
        if (o.SetOpMixRatio is < 0 or > 1) throw new ArgumentException($"set_op_mix_ratio must be between 0 and 1, got {o.SetOpMixRatio}", nameof(o));
    }

    /// <summary>umap-learn's find_ab_params: a and b of 1 / (1 + a x^2b) fitted by least squares to 1 below min_dist
    /// and exp(-(x - min_dist) / spread) above, on 300 points of [0, 3 spread].</summary>
    public static (double A, double B) FindAbParams(double spread, double minDist)
    {
        const int Points = 300;
        var xv = new double[Points];
        var yv = new double[Points];
        for (var i = 0; i < Points; i++)
        {
            xv[i] = spread * 3 * i / (Points - 1);
            yv[i] = xv[i] < minDist ? 1.0 : Math.Exp(-(xv[i] - minDist) / spread);
        }
        double a = 1, b = 1, lambda = 1e-3;
        var cost = Cost(a, b);
        for (var iter = 0; iter < 500; iter++)
        {
            // Normal equations of the Gauss-Newton step, damped (Marquardt: lambda times the diagonal).
            double jaa = 0, jab = 0, jbb = 0, ga = 0, gb = 0;
            for (var i = 0; i < Points; i++)
            {
                var p = xv[i] > 0 ? Math.Pow(xv[i], 2 * b) : 0;
                var den = 1 + a * p;
                var r = 1 / den - yv[i];
                var da = -p / (den * den);
                var db = xv[i] > 0 ? -a * p * 2 * Math.Log(xv[i]) / (den * den) : 0;
                jaa += da * da; jab += da * db; jbb += db * db;
                ga += da * r; gb += db * r;
            }
            var improved = false;
            while (lambda < 1e12)
            {
                double maa = jaa * (1 + lambda), mbb = jbb * (1 + lambda);
                var det = maa * mbb - jab * jab;
                var stepA = -(mbb * ga - jab * gb) / det;
                var stepB = -(maa * gb - jab * ga) / det;
                var trial = Cost(a + stepA, b + stepB);
                if (double.IsFinite(trial) && trial < cost)
                {
                    var converged = cost - trial <= 1e-15 * cost || (Math.Abs(stepA) <= 1e-12 * Math.Abs(a) && Math.Abs(stepB) <= 1e-12 * Math.Abs(b));
                    a += stepA; b += stepB; cost = trial;
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = !converged;
                    break;
                }
                lambda *= 10;
            }
            if (!improved) break;
        }
        return (a, b);

        double Cost(double ca, double cb)
        {
            double s = 0;
            for (var i = 0; i < Points; i++)
            {
                var r = 1 / (1 + ca * (xv[i] > 0 ? Math.Pow(xv[i], 2 * cb) : 0)) - yv[i];
                s += r * r;
            }
            return s;
        }
    }

    /// <summary>
    /// umap-learn's smooth_knn_dist on row-major n x k neighbour distances (each row ascending, the point itself first at
    /// distance 0): rho, the distance to the first non-zero neighbour (interpolated for a fractional local
    /// connectivity), and sigma, the bandwidth for which sum over neighbours 2..k of exp(-max(0, d - rho) / sigma) is
    /// log2 k (64 bisection steps at most, to 1e-5), floored at 1e-3 times the mean neighbour distance. float32 as umap's.
    /// </summary>
    public static (float[] Sigmas, float[] Rhos) SmoothKnnDist(float[] distances, int n, int k, double localConnectivity = 1.0)
    {
        if (distances.Length != n * k) throw new ArgumentException($"{distances.Length} distances for {n} x {k}", nameof(distances));
        var target = Math.Log2(k);
        var rho = new float[n];
        var sigma = new float[n];
        double total = 0;
        foreach (var v in distances) total += v;
        var meanDistances = (float)(total / distances.Length);
        var index = (int)Math.Floor(localConnectivity);
        var interpolation = localConnectivity - index;
        Chunks.For(n, (from, to) =>
        {
            var nonZero = new float[k];
            for (var i = from; i < to; i++)
            {
                var row = distances.AsSpan(i * k, k);
                var m = 0;
                double rowSum = 0;
                foreach (var v in row)
                {
                    rowSum += v;
                    if (v > 0) nonZero[m++] = v;
                }
                if (m >= localConnectivity)
                {
                    if (index > 0)
                    {
                        rho[i] = nonZero[index - 1];
                        if (interpolation > SmoothKTolerance) rho[i] += (float)(interpolation * (nonZero[index] - nonZero[index - 1]));
                    }
                    else rho[i] = (float)(interpolation * nonZero[0]);
                }
                else if (m > 0)
                {
                    var max = nonZero[0];
                    for (var t = 1; t < m; t++) max = Math.Max(max, nonZero[t]);
                    rho[i] = max;
                }

                float lo = 0, hi = float.PositiveInfinity, mid = 1;
                for (var step = 0; step < 64; step++)
                {
                    float psum = 0;
                    for (var j = 1; j < k; j++)
                    {
                        var d = row[j] - rho[i];
                        psum += d > 0 ? MathF.Exp(-(d / mid)) : 1f;
                    }
                    if (Math.Abs(psum - target) < SmoothKTolerance) break;
                    if (psum > target)
                    {
                        hi = mid;
                        mid = (lo + hi) / 2;
                    }
                    else
                    {
                        lo = mid;
                        mid = float.IsPositiveInfinity(hi) ? mid * 2 : (lo + hi) / 2;
                    }
                }
                var floor = MinKDistScale * (rho[i] > 0 ? (float)(rowSum / k) : meanDistances);
                sigma[i] = mid < floor ? floor : mid;
            }
        });
        return (sigma, rho);
    }

    /// <summary>The fuzzy simplicial set of the data: exact kNN (the point itself included), smooth_knn_dist, memberships
    /// and the fuzzy set union (set_op_mix_ratio 1; below 1 it mixes in the intersection A o A^T as umap's).</summary>
    public static UmapGraph FuzzyGraph(double[][] x, int nNeighbors = 15, double localConnectivity = 1.0, double setOpMixRatio = 1.0, CancellationToken ct = default)
    {
        var (n, _) = Checks.Matrix(x, nameof(x));
        var (indices, distances) = Neighbours(x, nNeighbors, ct);
        return FuzzyGraph(n, nNeighbors, indices, distances, localConnectivity, setOpMixRatio);
    }

    /// <summary>The exact k nearest neighbours of every point, itself first: row-major n x k indices and float32
    /// distances, ties by index (<see cref="ExactNeighbours"/>).</summary>
    public static (int[] Indices, float[] Distances) Neighbours(double[][] x, int k, CancellationToken ct = default)
    {
        Checks.Matrix(x, nameof(x));
        return ExactNeighbours.Compute(x, k, ct);
    }

    /// <summary>The fuzzy graph from given neighbours (row-major n x k, self first).</summary>
    public static UmapGraph FuzzyGraph(int n, int k, int[] indices, float[] distances, double localConnectivity = 1.0, double setOpMixRatio = 1.0)
    {
        var (sigmas, rhos) = SmoothKnnDist(distances, n, k, localConnectivity);
        // Directed memberships and their transposes, keyed row * n + col; zeros (the point itself) left out.
        var keys = new List<long>(2 * n * k);
        var vals = new List<float>(2 * n * k);
        var fromTranspose = new List<bool>(2 * n * k);
        for (var i = 0; i < n; i++)
            for (var t = 0; t < k; t++)
            {
                var j = indices[i * k + t];
                if (j == i || j < 0) continue;
                var d = distances[i * k + t] - rhos[i];
                var v = d <= 0 || sigmas[i] == 0 ? 1f : MathF.Exp(-(d / sigmas[i]));
                if (v == 0) continue;
                keys.Add((long)i * n + j); vals.Add(v); fromTranspose.Add(false);
                keys.Add((long)j * n + i); vals.Add(v); fromTranspose.Add(true);
            }
        var order = Enumerable.Range(0, keys.Count).ToArray();
        var keyArray = keys.ToArray();
        Array.Sort(keyArray, order);
        var rowStart = new int[n + 1];
        var cols = new List<int>(keyArray.Length);
        var weights = new List<float>(keyArray.Length);
        var mix = (float)setOpMixRatio;
        for (var p = 0; p < keyArray.Length;)
        {
            var key = keyArray[p];
            float direct = 0, transposed = 0;
            for (; p < keyArray.Length && keyArray[p] == key; p++)
                if (fromTranspose[order[p]]) transposed += vals[order[p]];
                else direct += vals[order[p]];
            var product = direct * transposed;
            var w = mix * (direct + transposed - product) + (1 - mix) * product;
            if (w == 0) continue;
            rowStart[(int)(key / n) + 1]++;
            cols.Add((int)(key % n));
            weights.Add(w);
        }
        for (var r = 0; r < n; r++) rowStart[r + 1] += rowStart[r];
        return new UmapGraph(n, rowStart, cols.ToArray(), weights.ToArray(), sigmas, rhos);
    }

    /// <summary>The graph's edges (both directions, row-major) without those below max / epochs, as umap's embedding step.</summary>
    private static (int[] Head, int[] Tail, float[] Weight) Prune(UmapGraph graph, int epochs)
    {
        var max = graph.Values.Length == 0 ? 0f : graph.Values.Max();
        var threshold = max / (float)epochs;
        var head = new List<int>(graph.Values.Length);
        var tail = new List<int>(graph.Values.Length);
        var weight = new List<float>(graph.Values.Length);
        for (var i = 0; i < graph.N; i++)
            for (var t = graph.RowStart[i]; t < graph.RowStart[i + 1]; t++)
            {
                if (graph.Values[t] < threshold) continue;
                head.Add(i); tail.Add(graph.Columns[t]); weight.Add(graph.Values[t]);
            }
        return (head.ToArray(), tail.ToArray(), weight.ToArray());
    }

    private static UmapGraph Pruned(int n, int[] head, int[] tail, float[] weight)
    {
        var rowStart = new int[n + 1];
        foreach (var h in head) rowStart[h + 1]++;
        for (var r = 0; r < n; r++) rowStart[r + 1] += rowStart[r];
        return new UmapGraph(n, rowStart, tail, weight, [], []);
    }

    /// <summary>Connected components of the edge list (union-find).</summary>
    private static int Components(int n, int[] head, int[] tail)
    {
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int v)
        {
            while (parent[v] != v) v = parent[v] = parent[parent[v]];
            return v;
        }
        var count = n;
        for (var e = 0; e < head.Length; e++)
        {
            int r1 = Find(head[e]), r2 = Find(tail[e]);
            if (r1 == r2) continue;
            parent[Math.Max(r1, r2)] = Math.Min(r1, r2);
            count--;
        }
        return count;
    }

    /// <summary>umap's start from a layout: scaled to a largest absolute coordinate of 10 (float32), Gaussian noise of
    /// standard deviation 1e-4, then each axis rescaled to [0, 10].</summary>
    private static float[] Start(double[] layout, int n, Random rng)
    {
        var maxAbs = layout.Max(Math.Abs);
        var expansion = maxAbs > 0 ? 10.0 / maxAbs : 1.0;
        var e = new float[2 * n];
        for (var t = 0; t < e.Length; t++)
            e[t] = (float)(layout[t] * expansion) + (float)(1e-4 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        for (var c = 0; c < 2; c++)
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (var i = 0; i < n; i++) { min = Math.Min(min, e[2 * i + c]); max = Math.Max(max, e[2 * i + c]); }
            var range = max - min;
            for (var i = 0; i < n; i++) e[2 * i + c] = range > 0 ? 10f * (e[2 * i + c] - min) / range : 0f;
        }
        return e;
    }

    /// <summary>optimize_layout_euclidean with move_other, sequential over the edges (umap's seeded, single-threaded mode).</summary>
    private static void Optimise(float[] e, int[] head, int[] tail, float[] weight, int nVertices, int epochs, double a, double b,
        UmapOptions o, Tausworthe rng, CancellationToken ct, Action<int>? onEpoch)
    {
        var edges = head.Length;
        if (edges == 0) return;
        var maxW = weight.Max();
        // make_epochs_per_sample: an edge of weight w is sampled every epochs / (epochs w / max) epochs.
        var perSample = new double[edges];
        var perNegative = new double[edges];
        var nextSample = new double[edges];
        var nextNegative = new double[edges];
        for (var i = 0; i < edges; i++)
        {
            var samples = epochs * (weight[i] / (double)maxW);
            perSample[i] = samples > 0 ? epochs / samples : -1;
            perNegative[i] = perSample[i] / o.NegativeSampleRate;
            nextSample[i] = perSample[i];
            nextNegative[i] = perNegative[i];
        }
        // The gradient coefficients in float32, as umap's numba code (fastmath) works on its float32 embedding.
        float fa = (float)a, fb = (float)b, twoAb = (float)(2 * a * b), repulse = (float)(2 * o.RepulsionStrength * b);
        var alpha = (float)o.LearningRate;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = 0; i < edges; i++)
            {
                if (nextSample[i] > epoch) continue;
                int j = head[i], k = tail[i];
                float dx = e[2 * j] - e[2 * k], dy = e[2 * j + 1] - e[2 * k + 1];
                var d2 = dx * dx + dy * dy;
                float coeff = 0;
                if (d2 > 0)
                {
                    // d^2(b-1) and d^2b from one logarithm.
                    var powB = MathF.Pow(d2, fb);
                    coeff = -twoAb * (powB / d2) / (fa * powB + 1);
                }
                var gx = Clip(coeff * dx) * alpha;
                var gy = Clip(coeff * dy) * alpha;
                e[2 * j] += gx; e[2 * j + 1] += gy;
                e[2 * k] -= gx; e[2 * k + 1] -= gy;
                nextSample[i] += perSample[i];

                var negatives = (int)((epoch - nextNegative[i]) / perNegative[i]);
                for (var p = 0; p < negatives; p++)
                {
                    var other = rng.Next(nVertices);
                    dx = e[2 * j] - e[2 * other];
                    dy = e[2 * j + 1] - e[2 * other + 1];
                    d2 = dx * dx + dy * dy;
                    if (d2 > 0)
                    {
                        var c = repulse / ((0.001f + d2) * (fa * MathF.Pow(d2, fb) + 1));
                        if (c > 0)
                        {
                            e[2 * j] += Clip(c * dx) * alpha;
                            e[2 * j + 1] += Clip(c * dy) * alpha;
                            continue;
                        }
                    }
                    else if (j == other) continue;
                    // umap's rule for a coincident point (or no repulsion): a fixed push of 4 on every axis.
                    e[2 * j] += 4 * alpha;
                    e[2 * j + 1] += 4 * alpha;
                }
                nextNegative[i] += negatives * perNegative[i];
            }
            alpha = (float)(o.LearningRate * (1.0 - epoch / (double)epochs));
            onEpoch?.Invoke(epoch + 1);
        }
    }

    private static float Clip(float v) => v > 4 ? 4 : v < -4 ? -4 : v;
}
