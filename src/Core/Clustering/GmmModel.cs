namespace MusicDashboard.Core.Clustering;

/// <summary>
/// A fitted mixture. <see cref="Covariances"/> and <see cref="PrecisionsCholesky"/> are flat, row-major, in scikit-learn's
/// shapes: full K x D x D, tied D x D, diag K x D, spherical K.
/// </summary>
public sealed class GmmModel
{
    public CovarianceType Covariance { get; }
    public int K { get; }
    public int D { get; }
    public double[] Weights { get; }
    public double[][] Means { get; }
    public double[] Covariances { get; }
    public double[] PrecisionsCholesky { get; }

    internal GmmModel(CovarianceType covariance, double[] weights, double[] means, double[] covariances, int d)
    {
        Covariance = covariance;
        K = weights.Length;
        D = d;
        Weights = weights;
        Means = Enumerable.Range(0, K).Select(c => means.AsSpan(c * d, d).ToArray()).ToArray();
        MeansFlat = means;
        Covariances = covariances;
        PrecisionsCholesky = GaussianMixture.PrecisionCholesky(covariances, covariance, K, d);
    }

    internal double[] MeansFlat { get; }

    /// <summary>sklearn's <c>_n_parameters</c>: free parameters of the mixture (for BIC and AIC).</summary>
    public int ParameterCount => Covariance switch
    {
        CovarianceType.Full => K * D * (D + 1) / 2,
        CovarianceType.Diag => K * D,
        CovarianceType.Tied => D * (D + 1) / 2,
        _ => K,
    } + K * D + K - 1;

    /// <summary>sklearn's <c>score</c>: mean over rows of the log-likelihood (natural log).</summary>
    public double Score(double[][] x)
    {
        var data = DenseData.FromRows(x, nameof(x), center: false);
        CheckWidth(data.D);
        return GaussianMixture.EStep(data, this, null);
    }

    /// <summary>sklearn's <c>bic</c>: -2 log L + p ln n (lower is better).</summary>
    public double Bic(double[][] x) => Bic(Score(x), x.Length, ParameterCount);

    /// <summary>sklearn's <c>aic</c>: -2 log L + 2 p (lower is better).</summary>
    public double Aic(double[][] x) => Aic(Score(x), x.Length, ParameterCount);

    /// <summary>BIC from a mean log-likelihood already computed (sklearn's expression, term for term).</summary>
    public static double Bic(double score, int n, int parameters) => -2 * score * n + parameters * Math.Log(n);

    public static double Aic(double score, int n, int parameters) => -2 * score * n + 2 * parameters;

    /// <summary>Posterior probability of each component for each row (sklearn's <c>predict_proba</c>).</summary>
    public double[][] PredictProba(double[][] x)
    {
        var data = DenseData.FromRows(x, nameof(x), center: false);
        CheckWidth(data.D);
        var logResp = new double[data.N * K];
        GaussianMixture.EStep(data, this, logResp);
        return Enumerable.Range(0, data.N).Select(i => logResp.AsSpan(i * K, K).ToArray().Select(Math.Exp).ToArray()).ToArray();
    }

    /// <summary>Most probable component of each row (the first on an exact tie, as numpy's argmax).</summary>
    public int[] Predict(double[][] x)
    {
        var data = DenseData.FromRows(x, nameof(x), center: false);
        CheckWidth(data.D);
        var logResp = new double[data.N * K];
        GaussianMixture.EStep(data, this, logResp);
        return GaussianMixture.ArgMax(logResp, data.N, K);
    }

    private void CheckWidth(int d)
    {
        if (d != D) throw new ArgumentException($"the mixture was fitted on {D} features but rows have {d}", "x");
    }
}
