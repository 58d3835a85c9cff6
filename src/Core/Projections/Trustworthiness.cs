using MusicDashboard.Core.Clustering;

namespace MusicDashboard.Core.Projections;

/// <summary>
/// How well a projection keeps neighbourhoods, as scikit-learn 1.2's <c>sklearn.manifold.trustworthiness</c>:
/// 1 - 2 / (n k (2n - 3k - 1)) * sum over points of sum over their k nearest neighbours in the embedding of
/// max(0, r - k), r being that neighbour's rank among the point's neighbours in the original space. 1 is perfect.
/// Euclidean in both spaces; O(n^2 (d + k)) time, O(n) memory per thread.
/// </summary>
public static class Trustworthiness
{
    public static double Compute(double[][] x, double[][] embedded, int k = 10)
    {
        var (n, d) = Checks.Matrix(x, nameof(x));
        var (ne, de) = Checks.Matrix(embedded, nameof(embedded));
        if (ne != n) throw new ArgumentException($"{n} points but {ne} embedded points", nameof(embedded));
        if (k < 1) throw new ArgumentException($"k must be at least 1, got {k}", nameof(k));
        if (k >= n / 2.0) throw new ArgumentException($"n_neighbors ({k}) should be less than n_samples / 2 ({n / 2.0})", nameof(k));
        var flat = Flat(x, n, d);
        var flatE = Flat(embedded, n, de);
        var partial = Chunks.Map(n, (start, end) =>
        {
            long sum = 0;
            var distX = new double[n];
            var distE = new double[n];
            var idx = new int[n];
            for (var i = start; i < end; i++)
            {
                var m = 0;
                for (var j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    distE[m] = Euclid.Squared(flatE.AsSpan(i * de, de), flatE.AsSpan(j * de, de));
                    idx[m++] = j;
                }
                // k nearest in the embedding; stable on ties (lower index first).
                var nearest = idx.AsSpan(0, m).ToArray();
                var keys = distE.AsSpan(0, m).ToArray();
                Array.Sort(keys, nearest);
                for (var j = 0; j < n; j++) distX[j] = j == i ? double.PositiveInfinity : Euclid.Squared(flat.AsSpan(i * d, d), flat.AsSpan(j * d, d));
                for (var t = 0; t < k; t++)
                {
                    var target = distX[nearest[t]];
                    var rank = 1;
                    for (var j = 0; j < n; j++) if (distX[j] < target) rank++;
                    if (rank > k) sum += rank - k;
                }
            }
            return sum;
        });
        var total = partial.Sum();
        return 1.0 - total * (2.0 / (n * (double)k * (2.0 * n - 3.0 * k - 1.0)));
    }

    private static double[] Flat(double[][] x, int n, int d)
    {
        var flat = new double[n * d];
        for (var i = 0; i < n; i++) Array.Copy(x[i], 0, flat, i * d, d);
        return flat;
    }
}
