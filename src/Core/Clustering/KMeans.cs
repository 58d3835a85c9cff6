namespace MusicDashboard.Core.Clustering;

/// <summary>
/// K-Means as scikit-learn 1.2's <c>KMeans(algorithm="lloyd", init="k-means++")</c>: greedy k-means++ seeding, Lloyd
/// iterations with sklearn's convergence tests (labels unchanged, or squared centre shift within a tolerance relative to
/// the data's variance), empty clusters moved to the points farthest from their centres, best of <c>NInit</c> restarts.
/// The random draws come from <see cref="Random"/> rather than numpy's generator, so individual restarts differ from
/// sklearn's; from the same starting centres (<see cref="FitFromCenters"/>) the iterations are sklearn's.
/// Deterministic: points are processed in fixed-size chunks whose partial sums are reduced in chunk order, so the result
/// does not depend on the number of threads or on scheduling.
/// </summary>
public static class KMeans
{
    public static KMeansResult Fit(double[][] x, KMeansOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.K < 1) throw new ArgumentException($"K must be at least 1, got {options.K}", nameof(options));
        if (options.NInit < 1) throw new ArgumentException($"NInit must be at least 1, got {options.NInit}", nameof(options));
        ValidateIterationSettings(options.MaxIter, options.Tol, nameof(options));
        var data = DenseData.FromRows(x, nameof(x));
        if (options.K > data.N) throw new ArgumentException($"K = {options.K} but only {data.N} points", nameof(options));

        var tol = Tolerance(data, options.Tol);
        var rng = new Random(options.Seed);
        Run? best = null;
        for (var init = 0; init < options.NInit; init++)
        {
            ct.ThrowIfCancellationRequested();
            var centers = KMeansPlusPlus(data, options.K, rng, ct);
            var run = Lloyd(data, centers, options.K, options.MaxIter, tol, ct);
            // sklearn keeps a later restart only if it is strictly better *and* a different partition: the same partition
            // with a rounding-level lower inertia would just swap label numbering for nothing.
            if (best is null || (run.Inertia < best.Inertia && !IsSameClustering(run.Labels, best.Labels, options.K)))
                best = run;
        }
        return best!.ToResult(data);
    }

    /// <summary>
    /// Lloyd iterations from the given starting centres, as sklearn's <c>KMeans(init=centers, n_init=1)</c>: no random
    /// choice is involved, so labels, centres and iteration count match sklearn's on the same data.
    /// </summary>
    public static KMeansResult FitFromCenters(double[][] x, double[][] initialCenters, int maxIter = 300, double tol = 1e-4, CancellationToken ct = default)
    {
        ValidateIterationSettings(maxIter, tol, nameof(maxIter));
        var data = DenseData.FromRows(x, nameof(x));
        var init = DenseData.FromRows(initialCenters, nameof(initialCenters), center: false);
        if (init.D != data.D) throw new ArgumentException($"initial centres have {init.D} features but the data has {data.D}", nameof(initialCenters));
        if (init.N > data.N) throw new ArgumentException($"K = {init.N} but only {data.N} points", nameof(initialCenters));
        // Same frame as the data: sklearn subtracts the data mean from an explicit init too.
        var centers = (double[])init.Values.Clone();
        for (var c = 0; c < init.N; c++)
            for (var j = 0; j < data.D; j++) centers[c * data.D + j] -= data.Mean[j];
        return Lloyd(data, centers, init.N, maxIter, Tolerance(data, tol), ct).ToResult(data);
    }

    /// <summary>Index of the nearest centre for each row (the first one on an exact tie, as numpy's argmin).</summary>
    public static int[] Predict(double[][] x, double[][] centers)
    {
        var data = DenseData.FromRows(x, nameof(x), center: false);
        var c = DenseData.FromRows(centers, nameof(centers), center: false);
        if (c.D != data.D) throw new ArgumentException($"centres have {c.D} features but the data has {data.D}", nameof(centers));
        var labels = new int[data.N];
        Chunks.For(data.N, (start, end) =>
        {
            for (var i = start; i < end; i++) labels[i] = Nearest(data.Values.AsSpan(i * data.D, data.D), c.Values, c.N, out _);
        });
        return labels;
    }

    private static void ValidateIterationSettings(int maxIter, double tol, string param)
    {
        if (maxIter < 1) throw new ArgumentException($"MaxIter must be at least 1, got {maxIter}", param);
        if (!double.IsFinite(tol) || tol < 0) throw new ArgumentException($"Tol must be a finite non-negative number, got {tol}", param);
    }

    /// <summary>sklearn's _tolerance: tol times the mean of the per-feature (population) variances, so that the stopping
    /// rule does not depend on the data's units.</summary>
    private static double Tolerance(DenseData data, double tol)
    {
        if (tol == 0) return 0;
        // The data is already centred, but the column means are recomputed (as np.var does) so that the variance is exact
        // even where centring left rounding residue.
        double total = 0;
        for (var j = 0; j < data.D; j++)
        {
            double mean = 0;
            for (var i = 0; i < data.N; i++) mean += data.Values[i * data.D + j];
            mean /= data.N;
            double ss = 0;
            for (var i = 0; i < data.N; i++)
            {
                var dv = data.Values[i * data.D + j] - mean;
                ss += dv * dv;
            }
            total += ss / data.N;
        }
        return total / data.D * tol;
    }

    /// <summary>
    /// Greedy k-means++ (sklearn's _kmeans_plusplus): first centre uniform; each next centre is the best of
    /// 2 + floor(ln k) candidates drawn with probability proportional to the squared distance to the closest centre so
    /// far, "best" meaning the one that leaves the smallest total squared distance.
    /// </summary>
    private static double[] KMeansPlusPlus(DenseData data, int k, Random rng, CancellationToken ct)
    {
        int n = data.N, d = data.D;
        var trials = 2 + (int)Math.Log(k);
        var centers = new double[k * d];
        var first = rng.Next(n);
        Array.Copy(data.Values, first * d, centers, 0, d);

        var closest = new double[n];
        DistancesTo(data, first, closest);
        var potential = SumInOrder(closest);

        var cumulative = new double[n];
        var candidateDist = new double[n];
        var bestDist = new double[n];
        for (var c = 1; c < k; c++)
        {
            ct.ThrowIfCancellationRequested();
            double running = 0;
            for (var i = 0; i < n; i++) cumulative[i] = running += closest[i];

            var bestPotential = double.PositiveInfinity;
            var bestId = -1;
            for (var t = 0; t < trials; t++)
            {
                // numpy searchsorted (side="left"): first index whose cumulative sum reaches the draw; clipped because
                // rounding can leave the draw just above the last cumulative value.
                var draw = rng.NextDouble() * potential;
                var id = Array.BinarySearch(cumulative, draw);
                if (id < 0) id = ~id;
                else while (id > 0 && cumulative[id - 1] == draw) id--;
                id = Math.Min(id, n - 1);

                DistancesTo(data, id, candidateDist);
                for (var i = 0; i < n; i++) candidateDist[i] = Math.Min(closest[i], candidateDist[i]);
                var pot = SumInOrder(candidateDist);
                // Strictly lower only: ties keep the earlier candidate, as np.argmin does.
                if (pot < bestPotential)
                {
                    bestPotential = pot;
                    bestId = id;
                    (bestDist, candidateDist) = (candidateDist, bestDist);
                }
            }
            potential = bestPotential;
            (closest, bestDist) = (bestDist, closest);
            Array.Copy(data.Values, bestId * d, centers, c * d, d);
        }
        return centers;
    }

    private static void DistancesTo(DenseData data, int row, double[] into)
    {
        var d = data.D;
        Chunks.For(data.N, (start, end) =>
        {
            var center = data.Values.AsSpan(row * d, d);
            for (var i = start; i < end; i++) into[i] = Euclid.Squared(data.Values.AsSpan(i * d, d), center);
        });
    }

    private static double SumInOrder(double[] values)
    {
        double s = 0;
        foreach (var v in values) s += v;
        return s;
    }

    private sealed record Run(int[] Labels, double[] Centers, int K, double Inertia, int Iterations)
    {
        public KMeansResult ToResult(DenseData data)
        {
            var centers = new double[K][];
            for (var c = 0; c < K; c++)
            {
                centers[c] = new double[data.D];
                for (var j = 0; j < data.D; j++) centers[c][j] = Centers[c * data.D + j] + data.Mean[j];
            }
            return new KMeansResult(Labels, centers, Inertia, Iterations);
        }
    }

    /// <summary>sklearn's _kmeans_single_lloyd on centred data, centres as a flat k x d array.</summary>
    private static Run Lloyd(DenseData data, double[] centers, int k, int maxIter, double tol, CancellationToken ct)
    {
        int n = data.N, d = data.D;
        var labels = new int[n];
        var labelsOld = new int[n];
        Array.Fill(labelsOld, -1);
        var centersNew = new double[k * d];
        var strict = false;
        var iterations = 0;
        for (var iter = 0; iter < maxIter; iter++)
        {
            ct.ThrowIfCancellationRequested();
            iterations = iter + 1;
            var shift = LloydStep(data, centers, centersNew, k, labels);
            (centers, centersNew) = (centersNew, centers);
            if (labels.AsSpan().SequenceEqual(labelsOld))
            {
                strict = true;
                break;
            }
            if (shift <= tol) break;
            Array.Copy(labels, labelsOld, n);
        }
        // After a tolerance stop the labels belong to the previous centres; one more assignment makes them agree.
        if (!strict) Assign(data, centers, k, labels);

        var partial = Chunks.Map(n, (start, end) =>
        {
            double s = 0;
            for (var i = start; i < end; i++)
                s += Euclid.Squared(data.Values.AsSpan(i * d, d), centers.AsSpan(labels[i] * d, d));
            return s;
        });
        double inertia = 0;
        foreach (var s in partial) inertia += s;
        return new Run(labels, centers, k, inertia, iterations);
    }

    private static void Assign(DenseData data, double[] centers, int k, int[] labels)
    {
        var d = data.D;
        Chunks.For(data.N, (start, end) =>
        {
            for (var i = start; i < end; i++) labels[i] = Nearest(data.Values.AsSpan(i * d, d), centers, k, out _);
        });
    }

    /// <summary>One Lloyd iteration (sklearn's lloyd_iter_chunked_dense): assign, sum per cluster, relocate empty clusters,
    /// average. Returns the summed squared shift of the centres.</summary>
    private static double LloydStep(DenseData data, double[] centers, double[] centersNew, int k, int[] labels)
    {
        int n = data.N, d = data.D;
        var partials = Chunks.Map(n, (start, end) =>
        {
            var sums = new double[k * d];
            var counts = new int[k];
            for (var i = start; i < end; i++)
            {
                var row = data.Values.AsSpan(i * d, d);
                var label = Nearest(row, centers, k, out _);
                labels[i] = label;
                counts[label]++;
                var sum = sums.AsSpan(label * d, d);
                for (var j = 0; j < d; j++) sum[j] += row[j];
            }
            return (sums, counts);
        });
        Array.Clear(centersNew);
        var weight = new double[k];
        foreach (var (sums, counts) in partials)
        {
            for (var t = 0; t < sums.Length; t++) centersNew[t] += sums[t];
            for (var c = 0; c < k; c++) weight[c] += counts[c];
        }

        RelocateEmptyClusters(data, centers, centersNew, weight, labels, k);

        for (var c = 0; c < k; c++)
        {
            // A cluster that lost its only point to a relocation keeps its (zero) sum, exactly as sklearn's
            // _average_centers leaves clusters of zero weight untouched.
            if (weight[c] <= 0) continue;
            var inv = 1.0 / weight[c];
            for (var j = 0; j < d; j++) centersNew[c * d + j] *= inv;
        }

        double shift = 0;
        for (var c = 0; c < k; c++)
        {
            var s = Euclid.Squared(centers.AsSpan(c * d, d), centersNew.AsSpan(c * d, d));
            // sklearn sums the squares of the Euclidean norms; sqrt then square keeps the same rounding.
            var norm = Math.Sqrt(s);
            shift += norm * norm;
        }
        return shift;
    }

    /// <summary>
    /// sklearn's _relocate_empty_clusters_dense: each empty cluster takes, in turn, one of the points farthest from their
    /// current centre (distances to the centres *before* this iteration's update); the point's contribution moves from
    /// its old cluster's sum to the empty one. Labels are left as they are; the next assignment step catches up.
    /// </summary>
    private static void RelocateEmptyClusters(DenseData data, double[] centersOld, double[] centersNew, double[] weight, int[] labels, int k)
    {
        var empty = new List<int>();
        for (var c = 0; c < k; c++) if (weight[c] == 0) empty.Add(c);
        if (empty.Count == 0) return;
        int n = data.N, d = data.D;
        var dist = new double[n];
        Chunks.For(n, (start, end) =>
        {
            for (var i = start; i < end; i++)
                dist[i] = Euclid.Squared(data.Values.AsSpan(i * d, d), centersOld.AsSpan(labels[i] * d, d));
        });
        // Farthest first; sklearn's argpartition leaves ties in no particular order, the lower index first is our rule.
        var order = Enumerable.Range(0, n).OrderByDescending(i => dist[i]).ThenBy(i => i).Take(empty.Count).ToArray();
        for (var e = 0; e < empty.Count; e++)
        {
            var far = order[e];
            var oldCluster = labels[far];
            var newCluster = empty[e];
            for (var j = 0; j < d; j++)
            {
                var v = data.Values[far * d + j];
                centersNew[oldCluster * d + j] -= v;
                centersNew[newCluster * d + j] = v;
            }
            weight[newCluster] = 1;
            weight[oldCluster] -= 1;
        }
    }

    private static int Nearest(ReadOnlySpan<double> row, double[] centers, int k, out double best)
    {
        var d = row.Length;
        best = double.PositiveInfinity;
        var label = 0;
        for (var c = 0; c < k; c++)
        {
            var dist = Euclid.Squared(row, centers.AsSpan(c * d, d));
            if (dist < best)
            {
                best = dist;
                label = c;
            }
        }
        return label;
    }

    /// <summary>sklearn's _is_same_clustering: true when every label of <paramref name="a"/> maps to a single label of
    /// <paramref name="b"/>, i.e. the two partitions agree up to renumbering.</summary>
    private static bool IsSameClustering(int[] a, int[] b, int k)
    {
        var mapping = new int[k];
        Array.Fill(mapping, -1);
        for (var i = 0; i < a.Length; i++)
        {
            if (mapping[a[i]] == -1) mapping[a[i]] = b[i];
            else if (mapping[a[i]] != b[i]) return false;
        }
        return true;
    }
}
