namespace MusicDashboard.Core.Projections;

/// <summary>
/// Principal component projection, exact: eigen-decomposition of the covariance matrix by cyclic Jacobi rotations (the
/// feature dimension here is small, at most a few hundred). Signs are made deterministic as scikit-learn 1.2's svd_flip
/// does (u-based): along each component, the sample with the largest absolute score gets a positive score.
/// </summary>
public sealed class Pca
{
    public double[] Mean { get; }
    /// <summary>Components as rows, by decreasing explained variance.</summary>
    public double[][] Components { get; }
    public double[] ExplainedVariance { get; }

    private Pca(double[] mean, double[][] components, double[] explained)
    {
        Mean = mean;
        Components = components;
        ExplainedVariance = explained;
    }

    public static Pca Fit(IReadOnlyList<double[]> x, int components)
    {
        if (x.Count < 2) throw new ArgumentException("PCA needs at least two points");
        var d = x[0].Length;
        if (components < 1 || components > d) throw new ArgumentException($"cannot take {components} components of {d}-dimensional data");

        var mean = new double[d];
        foreach (var row in x) for (var j = 0; j < d; j++) mean[j] += row[j];
        for (var j = 0; j < d; j++) mean[j] /= x.Count;

        var cov = new double[d, d];
        foreach (var row in x)
        {
            for (var a = 0; a < d; a++)
            {
                var da = row[a] - mean[a];
                for (var b = a; b < d; b++) cov[a, b] += da * (row[b] - mean[b]);
            }
        }
        for (var a = 0; a < d; a++)
            for (var b = a; b < d; b++) cov[b, a] = cov[a, b] /= x.Count - 1;

        var (values, vectors) = SymmetricEigen(cov);
        var order = Enumerable.Range(0, d).OrderByDescending(i => values[i]).ThenBy(i => i).Take(components).ToArray();
        var comps = new double[components][];
        for (var c = 0; c < components; c++)
        {
            var v = new double[d];
            for (var j = 0; j < d; j++) v[j] = vectors[j, order[c]];
            double best = 0, bestAbs = -1;
            foreach (var row in x)
            {
                double score = 0;
                for (var j = 0; j < d; j++) score += (row[j] - mean[j]) * v[j];
                if (Math.Abs(score) > bestAbs) { bestAbs = Math.Abs(score); best = score; }
            }
            if (best < 0) for (var j = 0; j < d; j++) v[j] = -v[j];
            comps[c] = v;
        }
        return new Pca(mean, comps, order.Select(i => Math.Max(0, values[i])).ToArray());
    }

    public double[][] Transform(IReadOnlyList<double[]> x) => x.Select(row =>
    {
        var r = new double[Components.Length];
        for (var c = 0; c < Components.Length; c++)
        {
            double s = 0;
            for (var j = 0; j < row.Length; j++) s += (row[j] - Mean[j]) * Components[c][j];
            r[c] = s;
        }
        return r;
    }).ToArray();

    /// <summary>Cyclic Jacobi eigenvalue algorithm for a symmetric matrix; returns eigenvalues and eigenvectors as columns.</summary>
    private static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] input)
    {
        var n = input.GetLength(0);
        var a = (double[,])input.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++) v[i, i] = 1;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (var p = 0; p < n; p++)
                for (var q = 0; q < n; q++)
                {
                    total += a[p, q] * a[p, q];
                    if (p != q) off += a[p, q] * a[p, q];
                }
            if (off <= 1e-22 * Math.Max(total, double.Epsilon)) break;
            for (var p = 0; p < n - 1; p++)
                for (var q = p + 1; q < n; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300) continue;
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p]; var akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k]; var aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k, p]; var vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = a[i, i];
        return (values, v);
    }
}
