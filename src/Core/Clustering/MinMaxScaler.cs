namespace MusicDashboard.Core.Clustering;

/// <summary>
/// Per-feature scaling to [0, 1] as scikit-learn 1.2's <c>MinMaxScaler()</c>: scale = 1 / (max - min), offset = -min * scale,
/// x * scale + offset (two roundings, as sklearn). A range below 10 machine epsilons counts as constant and gets scale 1.
/// </summary>
public sealed class MinMaxScaler
{
    public double[] Scale { get; }
    public double[] Offset { get; }

    private MinMaxScaler(double[] scale, double[] offset)
    {
        Scale = scale;
        Offset = offset;
    }

    public static MinMaxScaler Fit(double[][] x)
    {
        var (n, d) = Checks.Matrix(x, nameof(x));
        var scale = new double[d];
        var offset = new double[d];
        for (var j = 0; j < d; j++)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var i = 0; i < n; i++)
            {
                min = Math.Min(min, x[i][j]);
                max = Math.Max(max, x[i][j]);
            }
            var range = max - min;
            scale[j] = 1.0 / (range < 10 * Eps ? 1.0 : range);
            offset[j] = 0.0 - min * scale[j];
        }
        return new MinMaxScaler(scale, offset);
    }

    public double[][] Transform(double[][] x)
    {
        var (n, d) = Checks.Matrix(x, nameof(x));
        if (d != Scale.Length) throw new ArgumentException($"the scaler was fitted on {Scale.Length} features but rows have {d}", nameof(x));
        var result = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var row = new double[d];
            for (var j = 0; j < d; j++) row[j] = x[i][j] * Scale[j] + Offset[j];
            result[i] = row;
        }
        return result;
    }

    internal const double Eps = 2.220446049250313e-16;
}
