namespace MusicDashboard.Core.Clustering;

/// <summary>Input checks shared by the clustering and metrics code, with messages that point at the offending row.</summary>
internal static class Checks
{
    /// <summary>Non-empty, rectangular, at least one column, every value finite.</summary>
    public static (int N, int D) Matrix(double[][] x, string param)
    {
        ArgumentNullException.ThrowIfNull(x, param);
        if (x.Length == 0) throw new ArgumentException("no rows: the data is empty", param);
        if (x[0] is null) throw new ArgumentException("row 0 is null", param);
        var d = x[0].Length;
        if (d == 0) throw new ArgumentException("rows have no features", param);
        for (var i = 0; i < x.Length; i++)
        {
            var row = x[i] ?? throw new ArgumentException($"row {i} is null", param);
            if (row.Length != d) throw new ArgumentException($"row {i} has {row.Length} features but row 0 has {d}", param);
            for (var j = 0; j < d; j++)
                if (!double.IsFinite(row[j])) throw new ArgumentException($"row {i}, feature {j} is {row[j]}: values must be finite (no NaN or infinity)", param);
        }
        return (x.Length, d);
    }
}
