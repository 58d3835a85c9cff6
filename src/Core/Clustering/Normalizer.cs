namespace MusicDashboard.Core.Clustering;

/// <summary>
/// Each row divided by its Euclidean norm, as scikit-learn 1.2's <c>Normalizer(norm="l2")</c>. Rows of norm below
/// 10 machine epsilons (all zeros) are left unchanged, as sklearn does, rather than divided by ~0.
/// </summary>
public static class Normalizer
{
    public static double[][] Transform(double[][] x)
    {
        var (n, d) = Checks.Matrix(x, nameof(x));
        var result = new double[n][];
        for (var i = 0; i < n; i++)
        {
            double s = 0;
            for (var j = 0; j < d; j++) s += x[i][j] * x[i][j];
            var norm = Math.Sqrt(s);
            if (norm < 10 * MinMaxScaler.Eps) norm = 1.0;
            var row = new double[d];
            for (var j = 0; j < d; j++) row[j] = x[i][j] / norm;
            result[i] = row;
        }
        return result;
    }
}
