using MusicDashboard.Core.Runtime;
using TorchSharp;

namespace MusicDashboard.Core.Projections;

/// <summary>
/// Principal component projection, exact: eigen-decomposition of the covariance matrix by LAPACK (torch.linalg.eigh,
/// float64; the feature dimension here is small, at most a few hundred). Signs are made deterministic as scikit-learn 1.2's svd_flip
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

    /// <summary>Eigenvalues (ascending) and eigenvectors (as columns) of a symmetric matrix: LAPACK's syevd through
    /// TorchSharp's <c>torch.linalg.eigh</c> in float64 on the CPU.</summary>
    internal static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] input)
    {
        _ = TorchRuntime.Device; // prepares the native library once
        var n = input.GetLength(0);
        var flat = new double[n * n];
        Buffer.BlockCopy(input, 0, flat, 0, flat.Length * sizeof(double));
        using var scope = torch.NewDisposeScope();
        var (values, vectors) = torch.linalg.eigh(torch.tensor(flat, [n, n], dtype: torch.float64, device: torch.CPU));
        var v = new double[n, n];
        Buffer.BlockCopy(vectors.contiguous().data<double>().ToArray(), 0, v, 0, flat.Length * sizeof(double));
        return (values.data<double>().ToArray(), v);
    }
}
