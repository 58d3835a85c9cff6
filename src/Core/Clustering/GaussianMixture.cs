using System.Runtime.Intrinsics;

namespace MusicDashboard.Core.Clustering;

/// <summary>
/// Gaussian mixture EM as scikit-learn 1.2.1's <c>GaussianMixture</c>: initial responsibilities one-hot from a K-Means
/// (n_init 1) labelling, then E and M steps until the change of the lower bound (mean log-likelihood) is below
/// <c>Tol</c>; the restart with the highest lower bound wins, and labels come from one last E step on its parameters.
/// The M step uses sklearn's formulas term by term (nk + 10 eps, its tied and diag expansions, reg_covar on the
/// diagonal), the E step log-sum-exp with the maximum factored out, and precisions through Cholesky factors, so from the
/// same starting labelling (<see cref="FitFromLabels"/>) the iterations follow sklearn's. K-Means itself draws from
/// .NET's <see cref="Random"/>, not numpy's, so seeded restarts are not sklearn's restarts.
/// Parallel over fixed chunks of rows with partial sums reduced in chunk order: deterministic on any thread count.
/// </summary>
public static class GaussianMixture
{
    private const string SingularMessage = "Fitting the mixture model failed because some components have ill-defined empirical covariance " +
        "(for instance caused by singleton or collapsed samples). Try to decrease the number of components, or increase reg_covar.";

    public static GmmResult Fit(double[][] x, GmmOptions options, CancellationToken ct = default)
    {
        Validate(options);
        var data = DenseData.FromRows(x, nameof(x), center: false);
        if (options.K > data.N)
            throw new ArgumentException($"Expected n_samples >= n_components but got n_components = {options.K}, n_samples = {data.N}", nameof(options));
        var rng = new Random(options.Seed);
        Em? best = null;
        for (var init = 0; init < options.NInit; init++)
        {
            ct.ThrowIfCancellationRequested();
            var labels = KMeans.Fit(x, new KMeansOptions(K: options.K, NInit: 1, Seed: rng.Next()), ct).Labels;
            var run = RunEm(data, labels, options, ct);
            // sklearn: a later restart wins only with a strictly higher lower bound.
            if (best is null || run.LowerBound > best.LowerBound) best = run;
        }
        return Finish(data, best!);
    }

    /// <summary>
    /// EM from the one-hot responsibilities of <paramref name="initialLabels"/> (0..K-1), as sklearn's fit with
    /// n_init = 1 does after its K-Means: no random choice is involved, so the iterations, parameters and labels match
    /// sklearn's when given the labels its K-Means produced.
    /// </summary>
    public static GmmResult FitFromLabels(double[][] x, int[] initialLabels, GmmOptions options, CancellationToken ct = default)
    {
        Validate(options);
        ArgumentNullException.ThrowIfNull(initialLabels);
        var data = DenseData.FromRows(x, nameof(x), center: false);
        if (initialLabels.Length != data.N) throw new ArgumentException($"{initialLabels.Length} initial labels for {data.N} rows", nameof(initialLabels));
        foreach (var l in initialLabels)
            if (l < 0 || l >= options.K) throw new ArgumentException($"initial label {l} is outside 0..{options.K - 1}", nameof(initialLabels));
        return Finish(data, RunEm(data, initialLabels, options, ct));
    }

    private static void Validate(GmmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.K < 1) throw new ArgumentException($"K must be at least 1, got {options.K}", nameof(options));
        if (options.NInit < 1) throw new ArgumentException($"NInit must be at least 1, got {options.NInit}", nameof(options));
        if (options.MaxIter < 1) throw new ArgumentException($"MaxIter must be at least 1, got {options.MaxIter}", nameof(options));
        if (!double.IsFinite(options.Tol) || options.Tol < 0) throw new ArgumentException($"Tol must be finite and non-negative, got {options.Tol}", nameof(options));
        if (!double.IsFinite(options.RegCovar) || options.RegCovar < 0) throw new ArgumentException($"RegCovar must be finite and non-negative, got {options.RegCovar}", nameof(options));
    }

    private sealed record Em(GmmModel Model, double LowerBound, int Iterations, bool Converged);

    private static GmmResult Finish(DenseData data, Em best)
    {
        var k = best.Model.K;
        var logResp = new double[data.N * k];
        EStep(data, best.Model, logResp);
        var labels = ArgMax(logResp, data.N, k);
        var resp = new double[data.N][];
        for (var i = 0; i < data.N; i++)
        {
            resp[i] = new double[k];
            for (var c = 0; c < k; c++) resp[i][c] = Math.Exp(logResp[i * k + c]);
        }
        return new GmmResult(labels, resp, best.Model, best.LowerBound, best.Iterations, best.Converged);
    }

    private static Em RunEm(DenseData data, int[] initialLabels, GmmOptions o, CancellationToken ct)
    {
        int n = data.N, k = o.K;
        var resp = new double[n * k];
        for (var i = 0; i < n; i++) resp[i * k + initialLabels[i]] = 1;
        // sklearn's _initialize: weights are nk / n here, nk / sum(nk) in every later M step.
        var model = MStep(data, resp, k, o, normaliseBySum: false);
        var lowerBound = double.NegativeInfinity;
        var converged = false;
        var iterations = 0;
        for (var iter = 1; iter <= o.MaxIter; iter++)
        {
            ct.ThrowIfCancellationRequested();
            iterations = iter;
            var previous = lowerBound;
            lowerBound = EStep(data, model, resp);
            for (var t = 0; t < resp.Length; t++) resp[t] = Math.Exp(resp[t]);
            model = MStep(data, resp, k, o, normaliseBySum: true);
            if (Math.Abs(lowerBound - previous) < o.Tol)
            {
                converged = true;
                break;
            }
        }
        return new Em(model, lowerBound, iterations, converged);
    }

    internal static int[] ArgMax(double[] values, int n, int k)
    {
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var best = 0;
            for (var c = 1; c < k; c++) if (values[i * k + c] > values[i * k + best]) best = c;
            labels[i] = best;
        }
        return labels;
    }

    /// <summary>
    /// E step: fills <paramref name="logResp"/> (N x K, may be null) with log responsibilities and returns the mean over rows
    /// of log sum_c w_c N(x | mu_c, Sigma_c), each row's sum taken as scipy's logsumexp (max factored out).
    /// </summary>
    internal static double EStep(DenseData data, GmmModel m, double[]? logResp)
    {
        int n = data.N, d = data.D, k = m.K;
        var logDet = LogDetCholesky(m);
        var logWeights = m.Weights.Select(w => Math.Log(w)).ToArray();
        var constant = d * Math.Log(2 * Math.PI);
        var partial = Chunks.Map(n, (start, end) =>
        {
            var row = new double[k];
            var diff = new double[2 * d]; // the difference, then the product with P
            double sum = 0;
            for (var i = start; i < end; i++)
            {
                var xi = data.Values.AsSpan(i * d, d);
                for (var c = 0; c < k; c++)
                {
                    var q = Mahalanobis(xi, m, c, diff);
                    row[c] = -0.5 * (constant + q) + logDet[c] + logWeights[c];
                }
                var max = double.NegativeInfinity;
                for (var c = 0; c < k; c++) max = Math.Max(max, row[c]);
                double s = 0;
                for (var c = 0; c < k; c++) s += Math.Exp(row[c] - max);
                var norm = Math.Log(s) + max;
                if (logResp is not null)
                    for (var c = 0; c < k; c++) logResp[i * k + c] = row[c] - norm;
                sum += norm;
            }
            return sum;
        });
        double total = 0;
        foreach (var p in partial) total += p;
        return total / n;
    }

    /// <summary>y += a x, four lanes at a time. Lane-wise multiply then add (no fused multiply-add), so every element gets
    /// exactly the rounding of the scalar loop, with or without AVX.</summary>
    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = x.Length;
        var j = 0;
        if (n >= 4)
        {
            var va = Vector256.Create(a);
            for (; j <= n - 4; j += 4)
            {
                var vy = Vector256.Create(y.Slice(j, 4)) + va * Vector256.Create(x.Slice(j, 4));
                vy.CopyTo(y.Slice(j, 4));
            }
        }
        for (; j < n; j++) y[j] += a * x[j];
    }

    /// <summary>Squared Mahalanobis distance |(x - mu_c) P_c|^2 with P_c the (upper triangular) precision Cholesky factor.</summary>
    private static double Mahalanobis(ReadOnlySpan<double> x, GmmModel m, int c, double[] diff)
    {
        var d = x.Length;
        var mu = m.MeansFlat.AsSpan(c * d, d);
        var p = m.PrecisionsCholesky;
        switch (m.Covariance)
        {
            case CovarianceType.Full:
            case CovarianceType.Tied:
            {
                var offset = m.Covariance == CovarianceType.Full ? c * d * d : 0;
                var y = diff.AsSpan(d, d);
                y.Clear();
                for (var j = 0; j < d; j++) diff[j] = x[j] - mu[j];
                // y = diff P, row by row of the upper triangular P (row l has entries in columns l..d-1): contiguous,
                // vectorised, and each y_j still sums its terms in ascending l.
                for (var l = 0; l < d; l++) Axpy(diff[l], p.AsSpan(offset + l * d + l, d - l), y[l..]);
                double q = 0;
                for (var j = 0; j < d; j++) q += y[j] * y[j];
                return q;
            }
            case CovarianceType.Diag:
            {
                double q = 0;
                for (var j = 0; j < d; j++)
                {
                    var pc = p[c * d + j];
                    var v = x[j] - mu[j];
                    q += v * v * (pc * pc);
                }
                return q;
            }
            default:
            {
                var pc = p[c];
                return Euclid.Squared(x, mu) * (pc * pc);
            }
        }
    }

    /// <summary>sklearn's _compute_log_det_cholesky: log det of each precision Cholesky factor.</summary>
    private static double[] LogDetCholesky(GmmModel m)
    {
        int k = m.K, d = m.D;
        var p = m.PrecisionsCholesky;
        var result = new double[k];
        for (var c = 0; c < k; c++)
        {
            double s = 0;
            switch (m.Covariance)
            {
                case CovarianceType.Full:
                    for (var j = 0; j < d; j++) s += Math.Log(p[c * d * d + j * d + j]);
                    break;
                case CovarianceType.Tied:
                    for (var j = 0; j < d; j++) s += Math.Log(p[j * d + j]);
                    break;
                case CovarianceType.Diag:
                    for (var j = 0; j < d; j++) s += Math.Log(p[c * d + j]);
                    break;
                default:
                    s = d * Math.Log(p[c]);
                    break;
            }
            result[c] = s;
        }
        return result;
    }

    /// <summary>M step: sklearn's _estimate_gaussian_parameters from responsibilities <paramref name="resp"/> (N x K).</summary>
    private static GmmModel MStep(DenseData data, double[] resp, int k, GmmOptions o, bool normaliseBySum)
    {
        int n = data.N, d = data.D;
        var x = data.Values;
        var diagLike = o.Covariance is CovarianceType.Diag or CovarianceType.Spherical;
        // Pass 1: nk, resp^T X and, for diag/spherical, resp^T (X*X).
        var partial1 = Chunks.Map(n, (start, end) =>
        {
            var nk = new double[k];
            var sx = new double[k * d];
            var sxx = diagLike ? new double[k * d] : null;
            for (var i = start; i < end; i++)
            {
                var xi = x.AsSpan(i * d, d);
                for (var c = 0; c < k; c++)
                {
                    var r = resp[i * k + c];
                    if (r == 0) continue;
                    nk[c] += r;
                    var s = sx.AsSpan(c * d, d);
                    for (var j = 0; j < d; j++) s[j] += r * xi[j];
                    if (sxx is not null)
                    {
                        var s2 = sxx.AsSpan(c * d, d);
                        for (var j = 0; j < d; j++) s2[j] += r * (xi[j] * xi[j]);
                    }
                }
            }
            return (nk, sx, sxx);
        });
        var nkTotal = new double[k];
        var sumX = new double[k * d];
        var sumXX = diagLike ? new double[k * d] : null;
        foreach (var (nk, sx, sxx) in partial1)
        {
            for (var c = 0; c < k; c++) nkTotal[c] += nk[c];
            for (var t = 0; t < sx.Length; t++) sumX[t] += sx[t];
            if (sumXX is not null) for (var t = 0; t < sumXX.Length; t++) sumXX[t] += sxx![t];
        }
        const double TenEps = 10 * 2.220446049250313e-16;
        for (var c = 0; c < k; c++) nkTotal[c] += TenEps;
        var means = new double[k * d];
        for (var c = 0; c < k; c++)
            for (var j = 0; j < d; j++) means[c * d + j] = sumX[c * d + j] / nkTotal[c];

        double[] cov;
        switch (o.Covariance)
        {
            case CovarianceType.Full:
            {
                var partial = Chunks.Map(n, (start, end) =>
                {
                    var acc = new double[k * d * d];
                    var diff = new double[d];
                    for (var i = start; i < end; i++)
                    {
                        var xi = x.AsSpan(i * d, d);
                        for (var c = 0; c < k; c++)
                        {
                            var r = resp[i * k + c];
                            if (r == 0) continue;
                            for (var j = 0; j < d; j++) diff[j] = xi[j] - means[c * d + j];
                            var baseIndex = c * d * d;
                            // Upper triangle only; mirrored below after the reduction.
                            for (var a = 0; a < d; a++)
                                Axpy(r * diff[a], diff.AsSpan(a, d - a), acc.AsSpan(baseIndex + a * d + a, d - a));
                        }
                    }
                    return acc;
                });
                cov = new double[k * d * d];
                foreach (var p in partial) for (var t = 0; t < cov.Length; t++) cov[t] += p[t];
                for (var c = 0; c < k; c++)
                {
                    var b0 = c * d * d;
                    for (var a = 0; a < d; a++)
                    {
                        for (var b = a; b < d; b++)
                        {
                            var v = cov[b0 + a * d + b] / nkTotal[c];
                            cov[b0 + a * d + b] = v;
                            cov[b0 + b * d + a] = v;
                        }
                        cov[b0 + a * d + a] += o.RegCovar;
                    }
                }
                break;
            }
            case CovarianceType.Tied:
            {
                // sklearn: (X^T X - sum_c nk_c mu_c mu_c^T) / sum(nk) + reg_covar I.
                var partial = Chunks.Map(n, (start, end) =>
                {
                    var acc = new double[d * d];
                    for (var i = start; i < end; i++)
                    {
                        var xi = x.AsSpan(i * d, d);
                        for (var a = 0; a < d; a++)
                        {
                            var xa = xi[a];
                            for (var b = a; b < d; b++) acc[a * d + b] += xa * xi[b];
                        }
                    }
                    return acc;
                });
                cov = new double[d * d];
                foreach (var p in partial) for (var t = 0; t < cov.Length; t++) cov[t] += p[t];
                var totalNk = nkTotal.Sum();
                for (var a = 0; a < d; a++)
                    for (var b = a; b < d; b++)
                    {
                        double m2 = 0;
                        for (var c = 0; c < k; c++) m2 += nkTotal[c] * means[c * d + a] * means[c * d + b];
                        var v = (cov[a * d + b] - m2) / totalNk;
                        cov[a * d + b] = v;
                        cov[b * d + a] = v;
                    }
                for (var a = 0; a < d; a++) cov[a * d + a] += o.RegCovar;
                break;
            }
            default:
            {
                // sklearn's diag: avg_X2 - 2 avg_X_means + avg_means2 + reg_covar, with avg_X_means = mu * (resp^T X) / nk.
                var diag = new double[k * d];
                for (var c = 0; c < k; c++)
                    for (var j = 0; j < d; j++)
                    {
                        var t = c * d + j;
                        var avgX2 = sumXX![t] / nkTotal[c];
                        var avgXMeans = means[t] * sumX[t] / nkTotal[c];
                        diag[t] = avgX2 - 2 * avgXMeans + means[t] * means[t] + o.RegCovar;
                    }
                if (o.Covariance == CovarianceType.Diag) cov = diag;
                else
                {
                    cov = new double[k];
                    for (var c = 0; c < k; c++)
                    {
                        double s = 0;
                        for (var j = 0; j < d; j++) s += diag[c * d + j];
                        cov[c] = s / d;
                    }
                }
                break;
            }
        }

        var weights = (double[])nkTotal.Clone();
        var denom = normaliseBySum ? weights.Sum() : n;
        for (var c = 0; c < k; c++) weights[c] /= denom;
        return new GmmModel(o.Covariance, weights, means, cov, d);
    }

    /// <summary>
    /// sklearn's _compute_precision_cholesky: for full and tied, P = (L^-1)^T with L the lower Cholesky factor of the
    /// covariance (upper triangular); for diag and spherical 1 / sqrt(variance). A covariance that is not positive definite
    /// even after reg_covar is an error with sklearn's message and the component named.
    /// </summary>
    internal static double[] PrecisionCholesky(double[] cov, CovarianceType type, int k, int d)
    {
        switch (type)
        {
            case CovarianceType.Full:
            case CovarianceType.Tied:
            {
                var blocks = type == CovarianceType.Full ? k : 1;
                var result = new double[blocks * d * d];
                var l = new double[d * d];
                var inv = new double[d * d];
                for (var c = 0; c < blocks; c++)
                {
                    var o = c * d * d;
                    Array.Clear(l);
                    for (var j = 0; j < d; j++)
                    {
                        var s = cov[o + j * d + j];
                        for (var t = 0; t < j; t++) s -= l[j * d + t] * l[j * d + t];
                        if (!(s > 0) || !double.IsFinite(s))
                            throw new ArgumentException($"{SingularMessage} (component {c}: covariance not positive definite at feature {j})", "x");
                        var ljj = Math.Sqrt(s);
                        l[j * d + j] = ljj;
                        for (var i = j + 1; i < d; i++)
                        {
                            var v = cov[o + i * d + j];
                            for (var t = 0; t < j; t++) v -= l[i * d + t] * l[j * d + t];
                            l[i * d + j] = v / ljj;
                        }
                    }
                    // inv = L^-1 (lower triangular) by forward substitution, column by column.
                    Array.Clear(inv);
                    for (var col = 0; col < d; col++)
                        for (var i = col; i < d; i++)
                        {
                            var v = i == col ? 1.0 : 0.0;
                            for (var t = col; t < i; t++) v -= l[i * d + t] * inv[t * d + col];
                            inv[i * d + col] = v / l[i * d + i];
                        }
                    for (var i = 0; i < d; i++)
                        for (var j = 0; j < d; j++) result[o + i * d + j] = inv[j * d + i];
                }
                return result;
            }
            default:
            {
                var result = new double[cov.Length];
                for (var t = 0; t < cov.Length; t++)
                {
                    if (!(cov[t] > 0) || !double.IsFinite(cov[t]))
                        throw new ArgumentException($"{SingularMessage} (component {(type == CovarianceType.Diag ? t / d : t)}: variance {cov[t]})", "x");
                    result[t] = 1.0 / Math.Sqrt(cov[t]);
                }
                return result;
            }
        }
    }
}
