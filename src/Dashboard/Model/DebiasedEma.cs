namespace MusicDashboard.Dashboard.Model;

/// <summary>
/// TensorBoard's scalar smoothing (since 2019): an exponential moving average started at 0 and debiased by
/// 1 - weight^n, n the number of finite points seen so far, so the first point is its raw value and early points are not
/// pulled towards 0. A non-finite point is passed through and does not enter the average. Weight 0 is the raw curve.
/// Kept as state so a live chart can extend a smoothed curve point by point.
/// </summary>
public sealed class DebiasedEma(double weight)
{
    private double _last;
    private int _count;

    public double Weight { get; } = weight;

    public double Next(double value)
    {
        if (!double.IsFinite(value)) return value;
        _last = _last * Weight + (1 - Weight) * value;
        _count++;
        var debias = Weight == 1 ? 1 : 1 - Math.Pow(Weight, _count);
        return _last / debias;
    }

    public static double[] Smooth(IEnumerable<double> values, double weight)
    {
        var ema = new DebiasedEma(weight);
        return values.Select(ema.Next).ToArray();
    }
}
