using MusicDashboard.Core.Clustering;

namespace MusicDashboard.Core.Metrics;

public static partial class ClusteringMetrics
{
    /// <summary>The contingency table as a record (<see cref="Contingency"/> with its row and column labels).</summary>
    public static ContingencyTable ContingencyTable(int[] truth, int[] pred)
    {
        var counts = Contingency(truth, pred, out var classes, out var clusters);
        return new ContingencyTable(classes, clusters, counts);
    }

    /// <summary>
    /// sklearn's <c>adjusted_mutual_info_score(average_method="arithmetic")</c>: (MI - E[MI]) / (mean(H_true, H_pred) - E[MI])
    /// with E[MI] under the hypergeometric model (sklearn's expected_mutual_information, summed in its order). 1.0 when
    /// both labellings are a single cluster or both empty; the denominator is kept at least one machine epsilon away
    /// from 0, as sklearn does.
    /// </summary>
    public static double AdjustedMutualInfo(int[] truth, int[] pred)
    {
        var table = Contingency(truth, pred, out var classes, out var clusters);
        if ((classes.Length == 1 && clusters.Length == 1) || (classes.Length == 0 && clusters.Length == 0)) return 1.0;
        var mi = MutualInfo(table);
        var emi = ExpectedMutualInfo(table, truth.Length);
        var normalizer = (Entropy(table, byRows: true) + Entropy(table, byRows: false)) / 2;
        var denominator = normalizer - emi;
        denominator = denominator < 0 ? Math.Min(denominator, -Eps) : Math.Max(denominator, Eps);
        return (mi - emi) / denominator;
    }

    /// <summary>sklearn's <c>homogeneity_completeness_v_measure(beta=1)</c>: MI / H(truth), MI / H(pred) (1.0 where the
    /// entropy is 0) and their harmonic mean (0 when both are 0). All 1.0 for empty labellings.</summary>
    public static (double Homogeneity, double Completeness, double VMeasure) HomogeneityCompletenessVMeasure(int[] truth, int[] pred)
    {
        var table = Contingency(truth, pred, out _, out _);
        if (truth.Length == 0) return (1.0, 1.0, 1.0);
        var hTrue = Entropy(table, byRows: true);
        var hPred = Entropy(table, byRows: false);
        var mi = MutualInfo(table);
        var homogeneity = hTrue != 0 ? mi / hTrue : 1.0;
        var completeness = hPred != 0 ? mi / hPred : 1.0;
        var v = homogeneity + completeness == 0 ? 0.0 : 2 * homogeneity * completeness / (homogeneity + completeness);
        return (homogeneity, completeness, v);
    }

    /// <summary>
    /// Cluster accuracy: the fraction of samples on the diagonal after matching clusters to classes one to one so that it
    /// is largest (Hungarian matching of the contingency table, scipy's linear_sum_assignment). With more clusters than
    /// classes the unmatched clusters count as wrong. Not in sklearn; the usual definition in deep clustering papers.
    /// </summary>
    public static double ClusterAccuracy(int[] truth, int[] pred)
    {
        var table = Contingency(truth, pred, out _, out _);
        if (truth.Length == 0) throw new ArgumentException("cluster accuracy of an empty labelling is undefined", nameof(truth));
        var cost = new double[table.GetLength(0), table.GetLength(1)];
        for (var r = 0; r < table.GetLength(0); r++)
            for (var c = 0; c < table.GetLength(1); c++) cost[r, c] = table[r, c];
        var (rows, cols) = LinearSumAssignment.Solve(cost, maximize: true);
        long matched = 0;
        for (var t = 0; t < rows.Length; t++) matched += table[rows[t], cols[t]];
        return (double)matched / truth.Length;
    }

    /// <summary>
    /// sklearn's <c>silhouette_score(x, labels, sample_size, random_state=seed)</c>: the exact silhouette of the
    /// <paramref name="sampleSize"/> rows numpy's <c>RandomState(seed).permutation(n)[:sampleSize]</c> picks (distances
    /// only among the sample), so the value equals sklearn's for the same seed. O(s^2 d) instead of O(n^2 d). A sample
    /// size at or above n uses every row (in permuted order, which changes nothing but rounding).
    /// </summary>
    public static double SilhouetteSampled(double[][] x, int[] labels, int sampleSize, uint seed)
    {
        var (n, _) = CheckSamples(x, labels);
        if (sampleSize < 1) throw new ArgumentException($"sample size must be at least 1, got {sampleSize}", nameof(sampleSize));
        var idx = new NumpyRandom(seed).Permutation(n).Take(sampleSize).ToArray();
        return Silhouette(idx.Select(i => x[i]).ToArray(), idx.Select(i => labels[i]).ToArray());
    }

    /// <summary>sklearn's expected_mutual_information (the Cython loop, in its order), log-factorials through
    /// <see cref="LogFactorial"/>.</summary>
    private static double ExpectedMutualInfo(int[,] table, int nSamples)
    {
        int rows = table.GetLength(0), cols = table.GetLength(1);
        if (rows == 1 || cols == 1) return 0.0;
        var a = new int[rows];
        var b = new int[cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++) { a[r] += table[r, c]; b[c] += table[r, c]; }
        double nTotal = nSamples;
        var maxNij = Math.Max(a.Max(), b.Max());
        var logN = Math.Log(nTotal);
        var glnN = LogFactorial(nSamples);
        var logA = a.Select(v => Math.Log(v)).ToArray();
        var logB = b.Select(v => Math.Log(v)).ToArray();
        var glnA = a.Select(LogFactorial).ToArray();
        var glnB = b.Select(LogFactorial).ToArray();
        var glnNa = a.Select(v => LogFactorial(nSamples - v)).ToArray();
        var glnNb = b.Select(v => LogFactorial(nSamples - v)).ToArray();
        var glnNij = new double[maxNij + 1];
        var logNnij = new double[maxNij + 1];
        for (var v = 1; v <= maxNij; v++)
        {
            glnNij[v] = LogFactorial(v);
            logNnij[v] = logN + Math.Log(v);
        }
        double emi = 0;
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
            {
                var start = Math.Max(1, a[i] - nSamples + b[j]);
                var end = Math.Min(a[i], b[j]) + 1;
                for (var nij = start; nij < end; nij++)
                {
                    var term2 = logNnij[nij] - logA[i] - logB[j];
                    var gln = glnA[i] + glnB[j] + glnNa[i] + glnNb[j] - glnN - glnNij[nij] - LogFactorial(a[i] - nij)
                        - LogFactorial(b[j] - nij) - LogFactorial(nSamples - a[i] - b[j] + nij);
                    emi += nij / nTotal * term2 * Math.Exp(gln);
                }
            }
        return emi;
    }

    /// <summary>ln(m!) = lgamma(m + 1): exact factorials below 20, Stirling's series (error below 1e-17 relative) above.</summary>
    internal static double LogFactorial(int m)
    {
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m));
        if (m < 20)
        {
            double f = 1;
            for (var i = 2; i <= m; i++) f *= i;
            return Math.Log(f);
        }
        double x = m + 1.0, x2 = x * x;
        var series = 1.0 / (12 * x) - 1.0 / (360 * x * x2) + 1.0 / (1260 * x * x2 * x2) - 1.0 / (1680 * x * x2 * x2 * x2)
            + 1.0 / (1188 * x * x2 * x2 * x2 * x2);
        return (x - 0.5) * Math.Log(x) - x + 0.5 * Math.Log(2 * Math.PI) + series;
    }
}
