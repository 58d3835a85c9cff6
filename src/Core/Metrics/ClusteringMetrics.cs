using MusicDashboard.Core.Clustering;

namespace MusicDashboard.Core.Metrics;

/// <summary>
/// Clustering scores computed exactly as scikit-learn 1.2 does, including its special cases (noted per method).
/// Labels may be any ints (noise as -1, non-contiguous ids): they are renumbered internally in sorted order, as
/// np.unique does. Distances are Euclidean, computed from coordinate differences (sklearn expands |x|^2 + |y|^2 - 2x.y,
/// which agrees to ~1e-14 relative on sensible data and is less accurate, never more).
/// </summary>
public static partial class ClusteringMetrics
{
    /// <summary>Mean silhouette coefficient over all samples (sklearn's <c>silhouette_score</c>, exact: all pairs).</summary>
    public static double Silhouette(double[][] x, int[] labels)
    {
        var s = SilhouetteSamples(x, labels);
        double sum = 0;
        foreach (var v in s) sum += v;
        return sum / s.Length;
    }

    /// <summary>
    /// Per-sample silhouette (b - a) / max(a, b), a = mean distance to the other members of its cluster, b = lowest mean
    /// distance to another cluster. Samples alone in their cluster get 0, as do samples with a = b = 0 (sklearn turns
    /// both 0/0 cases into 0 with nan_to_num). O(n^2 d / 2) time (each pair once), parallel over strips of rows.
    /// </summary>
    public static double[] SilhouetteSamples(double[][] x, int[] labels)
    {
        var (n, d) = CheckSamples(x, labels);
        var codes = Encode(labels, out var uniques);
        var k = uniques.Length;
        CheckNumberOfLabels(k, n);
        var freq = new int[k];
        foreach (var c in codes) freq[c]++;
        var flat = Flatten(x, n, d);

        var sums = DistanceSumsPerCluster(flat, n, d, codes, k);
        var s = new double[n];
        for (var i = 0; i < n; i++)
        {
            var own = codes[i];
            if (freq[own] == 1) { s[i] = 0; continue; }
            var a = sums[i * k + own] / (freq[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
                if (c != own) b = Math.Min(b, sums[i * k + c] / freq[c]);
            var denom = Math.Max(a, b);
            s[i] = denom == 0 ? 0 : (b - a) / denom;
        }
        return s;
    }

    /// <summary>
    /// For every row i and cluster c, the sum of distances from row i to the rows of cluster c (n x k, flat). Each pair
    /// is computed once and added to both rows: strip I (rows I*256..) pairs its rows with every later row and writes into
    /// its own buffer; the buffers are then added in strip order, so the sums do not depend on the thread count. The
    /// buffers hold about n^2 k / 512 doubles; beyond 256 MB of them, each row is summed on its own (twice the distances,
    /// O(n k) memory).
    /// </summary>
    private static double[] DistanceSumsPerCluster(double[] flat, int n, int d, int[] codes, int k)
    {
        var sums = new double[n * k];
        var strips = (n + Chunks.Size - 1) / Chunks.Size;
        var bufferBytes = 8.0 * k * n * (n + Chunks.Size) / (2.0 * Chunks.Size);
        if (bufferBytes > 256e6)
        {
            Chunks.For(n, (start, end) =>
            {
                for (var i = start; i < end; i++)
                {
                    var row = flat.AsSpan(i * d, d);
                    for (var j = 0; j < n; j++)
                        if (j != i) sums[i * k + codes[j]] += Math.Sqrt(Euclid.Squared(row, flat.AsSpan(j * d, d)));
                }
            });
            return sums;
        }
        var partial = new double[strips][];
        Parallel.For(0, strips, strip =>
        {
            var from = strip * Chunks.Size;
            var to = Math.Min(n, from + Chunks.Size);
            var buffer = new double[(n - from) * k];
            for (var i = from; i < to; i++)
            {
                var row = flat.AsSpan(i * d, d);
                var ci = codes[i];
                var rowSums = buffer.AsSpan((i - from) * k, k);
                for (var j = i + 1; j < n; j++)
                {
                    var dist = Math.Sqrt(Euclid.Squared(row, flat.AsSpan(j * d, d)));
                    rowSums[codes[j]] += dist;
                    buffer[(j - from) * k + ci] += dist;
                }
            }
            partial[strip] = buffer;
        });
        for (var strip = 0; strip < strips; strip++)
        {
            var offset = strip * Chunks.Size * k;
            var buffer = partial[strip];
            for (var t = 0; t < buffer.Length; t++) sums[offset + t] += buffer[t];
        }
        return sums;
    }

    /// <summary>
    /// sklearn's <c>davies_bouldin_score</c>: mean over clusters of the worst (s_i + s_j) / d(c_i, c_j), s = mean distance of
    /// members to their centroid. Returns 0 when all within-cluster spreads, or all centroid distances, are ~0 (numpy
    /// allclose, |v| &lt;= 1e-8); coincident centroids are treated as infinitely far apart, as sklearn does.
    /// </summary>
    public static double DaviesBouldin(double[][] x, int[] labels)
    {
        var (n, d) = CheckSamples(x, labels);
        var codes = Encode(labels, out var uniques);
        var k = uniques.Length;
        CheckNumberOfLabels(k, n);
        var (centroids, counts) = Centroids(x, codes, k, d);

        var intra = new double[k];
        for (var i = 0; i < n; i++) intra[codes[i]] += Math.Sqrt(Euclid.Squared(x[i], centroids[codes[i]]));
        for (var c = 0; c < k; c++) intra[c] /= counts[c];

        var between = new double[k, k];
        var allBetweenZero = true;
        for (var a = 0; a < k; a++)
            for (var b = 0; b < k; b++)
            {
                between[a, b] = a == b ? 0 : Math.Sqrt(Euclid.Squared(centroids[a], centroids[b]));
                if (Math.Abs(between[a, b]) > 1e-8) allBetweenZero = false;
            }
        if (intra.All(v => Math.Abs(v) <= 1e-8) || allBetweenZero) return 0.0;

        double total = 0;
        for (var a = 0; a < k; a++)
        {
            var worst = double.NegativeInfinity;
            for (var b = 0; b < k; b++)
            {
                var dist = between[a, b] == 0 ? double.PositiveInfinity : between[a, b];
                worst = Math.Max(worst, (intra[a] + intra[b]) / dist);
            }
            total += worst;
        }
        return total / k;
    }

    /// <summary>
    /// sklearn's <c>calinski_harabasz_score</c>: between-cluster dispersion / within-cluster dispersion, each divided by its
    /// degrees of freedom. 1.0 when the within-cluster dispersion is exactly 0 (sklearn's convention).
    /// </summary>
    public static double CalinskiHarabasz(double[][] x, int[] labels)
    {
        var (n, d) = CheckSamples(x, labels);
        var codes = Encode(labels, out var uniques);
        var k = uniques.Length;
        CheckNumberOfLabels(k, n);
        var (centroids, counts) = Centroids(x, codes, k, d);
        var mean = new double[d];
        foreach (var row in x)
            for (var j = 0; j < d; j++) mean[j] += row[j];
        for (var j = 0; j < d; j++) mean[j] /= n;

        double extra = 0, intra = 0;
        for (var c = 0; c < k; c++) extra += counts[c] * Euclid.Squared(centroids[c], mean);
        for (var i = 0; i < n; i++) intra += Euclid.Squared(x[i], centroids[codes[i]]);
        return intra == 0.0 ? 1.0 : extra * (n - k) / (intra * (k - 1.0));
    }

    /// <summary>
    /// sklearn's <c>adjusted_rand_score</c> from the pair confusion matrix, in exact integer arithmetic (Int128: the pair
    /// products overflow 64 bits beyond ~55k samples). 1.0 when the two labellings agree on every pair, including the
    /// empty case.
    /// </summary>
    public static double AdjustedRandIndex(int[] truth, int[] pred)
    {
        var table = Contingency(truth, pred, out _, out _);
        long n = truth.Length;
        Int128 sumSquares = 0, rowSquares = 0, colSquares = 0;
        var rows = table.GetLength(0);
        var cols = table.GetLength(1);
        var colSums = new long[cols];
        for (var r = 0; r < rows; r++)
        {
            long rowSum = 0;
            for (var c = 0; c < cols; c++)
            {
                long v = table[r, c];
                sumSquares += (Int128)v * v;
                rowSum += v;
                colSums[c] += v;
            }
            rowSquares += (Int128)rowSum * rowSum;
        }
        foreach (var v in colSums) colSquares += (Int128)v * v;

        var tp = sumSquares - n;
        var fp = colSquares - sumSquares;
        var fn = rowSquares - sumSquares;
        var tn = (Int128)n * n - fp - fn - sumSquares;
        if (fn == 0 && fp == 0) return 1.0;
        // As Python evaluates 2.0 * int / int: each exact integer is rounded to a double once, then the float operations.
        var numerator = 2.0 * (double)(tp * tn - fn * fp);
        var denominator = (double)((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
        return numerator / denominator;
    }

    /// <summary>
    /// sklearn's <c>normalized_mutual_info_score(average_method="arithmetic")</c>, natural log: MI / ((H(truth) + H(pred)) / 2).
    /// 1.0 when both labellings are a single cluster (or both empty); 0.0 when the mutual information is 0.
    /// </summary>
    public static double NormalizedMutualInfo(int[] truth, int[] pred)
    {
        var table = Contingency(truth, pred, out var classes, out var clusters);
        if ((classes.Length == 1 && clusters.Length == 1) || (classes.Length == 0 && clusters.Length == 0)) return 1.0;
        var mi = MutualInfo(table);
        if (mi == 0) return 0.0;
        var hTrue = Entropy(table, byRows: true);
        var hPred = Entropy(table, byRows: false);
        return mi / ((hTrue + hPred) / 2);
    }

    /// <summary>Sum over predicted clusters of the count of their most common true class, over n. Not in sklearn; the usual
    /// definition (Manning et al., Introduction to Information Retrieval, 16.3).</summary>
    public static double Purity(int[] truth, int[] pred)
    {
        var table = Contingency(truth, pred, out _, out _);
        if (truth.Length == 0) throw new ArgumentException("purity of an empty labelling is undefined", nameof(truth));
        long total = 0;
        for (var c = 0; c < table.GetLength(1); c++)
        {
            var best = 0;
            for (var r = 0; r < table.GetLength(0); r++) best = Math.Max(best, table[r, c]);
            total += best;
        }
        return (double)total / truth.Length;
    }

    /// <summary>
    /// Contingency table as sklearn's <c>contingency_matrix</c>: rows are the distinct true classes, columns the distinct
    /// predicted clusters, both in ascending label order (returned in <paramref name="classes"/> and
    /// <paramref name="clusters"/>); entry [r, c] counts the samples with class classes[r] and cluster clusters[c].
    /// </summary>
    public static int[,] Contingency(int[] truth, int[] pred, out int[] classes, out int[] clusters)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(pred);
        if (truth.Length != pred.Length)
            throw new ArgumentException($"the labellings differ in length: {truth.Length} true labels, {pred.Length} predicted", nameof(pred));
        var r = Encode(truth, out classes);
        var c = Encode(pred, out clusters);
        var table = new int[classes.Length, clusters.Length];
        for (var i = 0; i < r.Length; i++) table[r[i], c[i]]++;
        return table;
    }

    /// <summary>sklearn's <c>mutual_info_score</c> over the non-zero cells in row-major order (scipy's sp.find on CSR),
    /// with terms below machine epsilon zeroed and the total clipped at 0, as sklearn does.</summary>
    private static double MutualInfo(int[,] table)
    {
        int rows = table.GetLength(0), cols = table.GetLength(1);
        if (rows == 1 || cols == 1) return 0.0;
        var pi = new long[rows];
        var pj = new long[cols];
        long total = 0;
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
            {
                pi[r] += table[r, c];
                pj[c] += table[r, c];
                total += table[r, c];
            }
        var logTotal = Math.Log(total);
        // pi.sum() and pj.sum() both equal the total; sklearn takes their logs separately, which is the same value.
        double mi = 0;
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
            {
                double v = table[r, c];
                if (v == 0) continue;
                var nm = v / total;
                var logOuter = -Math.Log((double)(pi[r] * pj[c])) + logTotal + logTotal;
                var term = nm * (Math.Log(v) - logTotal) + nm * logOuter;
                if (Math.Abs(term) < Eps) term = 0;
                mi += term;
            }
        return Math.Max(mi, 0.0);
    }

    /// <summary>sklearn's <c>entropy</c> of a labelling (natural log) from the marginal counts; 0 for a single label.</summary>
    private static double Entropy(int[,] table, bool byRows)
    {
        int rows = table.GetLength(0), cols = table.GetLength(1);
        var counts = new double[byRows ? rows : cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++) counts[byRows ? r : c] += table[r, c];
        if (counts.Length == 1) return 0.0;
        var sum = counts.Sum();
        var logSum = Math.Log(sum);
        double h = 0;
        foreach (var p in counts) h += p / sum * (Math.Log(p) - logSum);
        return -h;
    }

    /// <summary>numpy's float64 machine epsilon (2^-52).</summary>
    private const double Eps = 2.220446049250313e-16;

    /// <summary>sklearn's check_number_of_labels, with its message.</summary>
    private static void CheckNumberOfLabels(int nLabels, int nSamples)
    {
        if (!(1 < nLabels && nLabels < nSamples))
            throw new ArgumentException($"Number of labels is {nLabels}. Valid values are 2 to n_samples - 1 (inclusive)", "labels");
    }

    private static (int N, int D) CheckSamples(double[][] x, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var (n, d) = Checks.Matrix(x, nameof(x));
        if (labels.Length != n) throw new ArgumentException($"{n} samples but {labels.Length} labels", nameof(labels));
        return (n, d);
    }

    /// <summary>Maps labels to 0..k-1 in ascending label order (np.unique's return_inverse).</summary>
    private static int[] Encode(int[] labels, out int[] uniques)
    {
        uniques = labels.Distinct().Order().ToArray();
        var index = new Dictionary<int, int>(uniques.Length);
        for (var u = 0; u < uniques.Length; u++) index[uniques[u]] = u;
        var codes = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++) codes[i] = index[labels[i]];
        return codes;
    }

    private static (double[][] Centroids, int[] Counts) Centroids(double[][] x, int[] codes, int k, int d)
    {
        var centroids = new double[k][];
        for (var c = 0; c < k; c++) centroids[c] = new double[d];
        var counts = new int[k];
        for (var i = 0; i < x.Length; i++)
        {
            counts[codes[i]]++;
            var centroid = centroids[codes[i]];
            for (var j = 0; j < d; j++) centroid[j] += x[i][j];
        }
        for (var c = 0; c < k; c++)
            for (var j = 0; j < d; j++) centroids[c][j] /= counts[c];
        return (centroids, counts);
    }

    private static double[] Flatten(double[][] x, int n, int d)
    {
        var flat = new double[n * d];
        for (var i = 0; i < n; i++) Array.Copy(x[i], 0, flat, i * d, d);
        return flat;
    }
}
