using static TorchSharp.torch;

namespace MusicDashboard.Core.Lyrics;

/// <summary>
/// Truncated SVD (LSA) as scikit-learn's <c>TruncatedSVD(algorithm='arpack')</c>: the top singular triplets of the
/// uncentred matrix, signs fixed by <c>svd_flip</c> (the largest-magnitude entry of each left singular vector is positive),
/// rows mapped to X V. Computed exactly (a full double-precision SVD on TorchSharp), so it matches ARPACK's converged
/// answer; scikit-learn's default randomized solver is approximate and seed-dependent, which is why it is not the reference.
/// </summary>
public sealed class TruncatedSvd
{
    /// <summary>Right singular vectors, one row per component (k x terms).</summary>
    public double[][] Components { get; }
    public double[] SingularValues { get; }

    private TruncatedSvd(double[][] components, double[] singularValues)
    {
        Components = components;
        SingularValues = singularValues;
    }

    public static TruncatedSvd Fit(double[][] x, int components)
    {
        var n = x.Length;
        var d = n == 0 ? 0 : x[0].Length;
        if (n == 0 || d == 0) throw new ArgumentException("truncated SVD of an empty matrix");
        var k = Math.Min(components, Math.Min(n, d));
        using var scope = NewDisposeScope();
        var flat = new double[n * d];
        for (var i = 0; i < n; i++) x[i].CopyTo(flat, i * d);
        var m = tensor(flat, [n, d], dtype: ScalarType.Float64);
        var (u, s, vt) = linalg.svd(m, fullMatrices: false);
        var uArr = u.contiguous().data<double>().ToArray();
        var vArr = vt.contiguous().data<double>().ToArray();
        var sArr = s.data<double>().ToArray();
        var rank = (int)s.shape[0];
        var comps = new double[k][];
        for (var c = 0; c < k; c++)
        {
            // svd_flip(u_based_decision=True): the entry of largest magnitude in u[:, c] becomes positive.
            var best = 0;
            for (var i = 1; i < n; i++) if (Math.Abs(uArr[i * rank + c]) > Math.Abs(uArr[best * rank + c])) best = i;
            var sign = uArr[best * rank + c] < 0 ? -1.0 : 1.0;
            comps[c] = new double[d];
            for (var j = 0; j < d; j++) comps[c][j] = sign * vArr[c * d + j];
        }
        return new TruncatedSvd(comps, sArr.Take(k).ToArray());
    }

    public double[][] Transform(double[][] x) =>
        x.Select(row => Components.Select(v => { double acc = 0; for (var j = 0; j < row.Length; j++) acc += row[j] * v[j]; return acc; }).ToArray()).ToArray();
}
