namespace MusicDashboard.Core.Clustering;

/// <summary>Rows copied into one flat row-major array (cache-friendly inner loops), validated, optionally centred on the
/// column means as sklearn's KMeans does "for more accurate distance computations".</summary>
internal sealed class DenseData
{
    public required int N { get; init; }
    public required int D { get; init; }
    public required double[] Values { get; init; }
    public required double[] Mean { get; init; }

    public static DenseData FromRows(double[][] x, string param, bool center = true)
    {
        var (n, d) = Checks.Matrix(x, param);
        var values = new double[n * d];
        for (var i = 0; i < n; i++) Array.Copy(x[i], 0, values, i * d, d);
        var mean = new double[d];
        if (center)
        {
            for (var i = 0; i < n; i++)
                for (var j = 0; j < d; j++) mean[j] += values[i * d + j];
            for (var j = 0; j < d; j++) mean[j] /= n;
            for (var i = 0; i < n; i++)
                for (var j = 0; j < d; j++) values[i * d + j] -= mean[j];
        }
        return new DenseData { N = n, D = d, Values = values, Mean = mean };
    }
}
