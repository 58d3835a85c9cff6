namespace MusicDashboard.Core.Clustering;

/// <summary>
/// Per-feature standardisation, as scikit-learn 1.2's <c>StandardScaler()</c>: subtract the mean, divide by the population
/// standard deviation (ddof = 0). Features that are constant (to within rounding) get scale 1, so they come out as zeros
/// instead of blowing up a division by ~0.
/// </summary>
public sealed class StandardScaler
{
    public double[] Mean { get; }
    public double[] Scale { get; }

    /// <summary>Rebuilds a fitted scaler, e.g. from a persisted run.</summary>
    public StandardScaler(double[] mean, double[] scale)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(scale);
        if (mean.Length != scale.Length) throw new ArgumentException($"{mean.Length} means but {scale.Length} scales", nameof(scale));
        for (var j = 0; j < scale.Length; j++)
        {
            if (!double.IsFinite(mean[j])) throw new ArgumentException($"mean of feature {j} is {mean[j]}", nameof(mean));
            if (!double.IsFinite(scale[j]) || scale[j] <= 0) throw new ArgumentException($"scale of feature {j} is {scale[j]}: must be finite and positive", nameof(scale));
        }
        Mean = mean;
        Scale = scale;
    }

    public static StandardScaler Fit(double[][] x)
    {
        var (n, d) = Checks.Matrix(x, nameof(x));
        var mean = new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++) sum += x[i][j];
            var m = sum / n;
            // sklearn's _incremental_mean_and_var: two passes plus the Chan-Golub-LeVeque correction term, which cancels
            // the rounding left in the mean.
            double correction = 0, squares = 0;
            for (var i = 0; i < n; i++)
            {
                var dv = x[i][j] - m;
                correction += dv;
                squares += dv * dv;
            }
            var variance = (squares - correction * correction / n) / n;
            mean[j] = m;
            // sklearn's _is_constant_feature: a variance this small is rounding noise of the mean, not spread.
            var bound = n * Eps * variance + Math.Pow(n * m * Eps, 2);
            scale[j] = variance <= bound ? 1.0 : Math.Sqrt(variance);
        }
        return new StandardScaler(mean, scale);
    }

    public double[][] Transform(double[][] x)
    {
        var (n, d) = Checks.Matrix(x, nameof(x));
        if (d != Mean.Length) throw new ArgumentException($"the scaler was fitted on {Mean.Length} features but rows have {d}", nameof(x));
        var result = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var row = new double[d];
            for (var j = 0; j < d; j++) row[j] = (x[i][j] - Mean[j]) / Scale[j];
            result[i] = row;
        }
        return result;
    }

    /// <summary>numpy's float64 machine epsilon (2^-52), not .NET's double.Epsilon (the smallest subnormal).</summary>
    private const double Eps = 2.220446049250313e-16;
}
