namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// One curve of a group of runs: per epoch, the mean x (the epoch, or the runs' mean wall time), the mean y and the sample
/// standard deviation of y over the runs that reached that epoch (n - 1, as Table 2's seed aggregates; 0 where one run
/// reached it). <see cref="Std"/> is null for a single run.
/// </summary>
public sealed record CurveBand(double[] X, double[] Mean, double[]? Std)
{
    /// <summary>The band of <paramref name="runs"/>, each a list of (epoch, x, y) points.</summary>
    public static CurveBand Of(IReadOnlyList<IReadOnlyList<(int Epoch, double X, double Y)>> runs)
    {
        var byEpoch = runs.SelectMany(r => r).GroupBy(p => p.Epoch).OrderBy(g => g.Key).ToList();
        var x = byEpoch.Select(g => g.Average(p => p.X)).ToArray();
        var mean = byEpoch.Select(g => g.Average(p => p.Y)).ToArray();
        if (runs.Count < 2) return new CurveBand(x, mean, null);
        var std = byEpoch.Select((g, i) =>
        {
            var n = g.Count();
            return n < 2 ? 0 : Math.Sqrt(g.Sum(p => (p.Y - mean[i]) * (p.Y - mean[i])) / (n - 1));
        }).ToArray();
        return new CurveBand(x, mean, std);
    }
}
