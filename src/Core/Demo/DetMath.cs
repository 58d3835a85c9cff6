using System.Runtime.CompilerServices;

namespace MusicDashboard.Core.Demo;

/// <summary>
/// Elementary functions built only from IEEE-754 +, -, *, / (which are exactly reproducible), so the demo corpus
/// comes out byte-identical on every runtime and CPU, unlike Math.Sin/Exp whose last bits may change.
/// Accurate to about 1e-15 relative, far below what 16-bit audio can show.
/// </summary>
internal static class DetMath
{
    public const double Ln2 = 0.6931471805599453;
    public const double Ln10 = 2.302585092994046;
    public const double TwoPi = 6.283185307179586;
    private const double HalfPi = 1.5707963267948966;
    private const double Sqrt2 = 1.4142135623730951;

    private static readonly double[] Reciprocals = [.. Enumerable.Range(0, 32).Select(n => n == 0 ? 0.0 : 1.0 / n)];

    private static readonly double[] SinSeries = [.. Enumerable.Range(0, 11).Select(n => n == 0 ? 0.0 : 1.0 / ((2 * n) * (2 * n + 1)))];

    private const int TableSize = 4096;
    private static readonly float[] SineTable = BuildSineTable();

    private static float[] BuildSineTable()
    {
        var t = new float[TableSize + 1];
        for (int i = 0; i <= TableSize; i++)
            t[i] = (float)Sin(TwoPi * i / TableSize);
        return t;
    }

    /// <summary>sin(2*pi*phase) by table lookup with linear interpolation (error ~1e-7): the per-sample sine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SinCycle(double phase)
    {
        double p = (phase - Math.Floor(phase)) * TableSize;
        int i = (int)p;
        if (i >= TableSize) i = TableSize - 1;
        float f = (float)(p - i);
        float a = SineTable[i];
        return a + (SineTable[i + 1] - a) * f;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sin(double x)
    {
        double r = x - Math.Round(x / TwoPi) * TwoPi; // [-pi, pi]
        if (r > HalfPi) r = Math.PI - r;
        else if (r < -HalfPi) r = -Math.PI - r;
        double r2 = r * r, term = r, sum = r;
        for (int n = 1; n <= 10; n++)
        {
            term *= -r2 * SinSeries[n];
            sum += term;
        }
        return sum;
    }

    public static double Cos(double x) => Sin(x + HalfPi);

    public static double Tan(double x) => Sin(x) / Cos(x);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Exp(double x)
    {
        if (x < -700) return 0;
        if (x > 700) return double.PositiveInfinity;
        double k = Math.Round(x / Ln2);
        double r = x - k * Ln2;
        double term = 1, sum = 1;
        for (int n = 1; n <= 14; n++)
        {
            term *= r * Reciprocals[n];
            sum += term;
        }
        return Math.ScaleB(sum, (int)k);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Log(double x)
    {
        if (x <= 0) return double.NegativeInfinity;
        if (x < 1e-300) return -690.8;
        long bits = BitConverter.DoubleToInt64Bits(x);
        int e = (int)((bits >> 52) & 0x7FF) - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L); // [1, 2)
        if (m > Sqrt2) { m *= 0.5; e++; }
        double s = (m - 1) / (m + 1), s2 = s * s, term = s, sum = s;
        for (int n = 1; n <= 12; n++)
        {
            term *= s2;
            sum += term * Reciprocals[2 * n + 1];
        }
        return 2 * sum + e * Ln2;
    }

    public static double MidiToHz(double midi) => 440.0 * Exp((midi - 69.0) * (Ln2 / 12.0));

    public static double DbToGain(double db) => Exp(db * (Ln10 / 20.0));

    public static double GainToDb(double gain) => 20.0 / Ln10 * Log(Math.Max(gain, 1e-12));

    /// <summary>Per-sample multiplier that decays by 1/e in <paramref name="seconds"/>.</summary>
    public static double DecayPerSample(double seconds, int sampleRate) =>
        seconds <= 0 ? 0 : Exp(-1.0 / (seconds * sampleRate));

    /// <summary>Smooth, cheap saturation (rational tanh approximation, exact at +-3 and flat beyond).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SoftClip(float x)
    {
        if (x >= 3f) return 1f;
        if (x <= -3f) return -1f;
        float x2 = x * x;
        return x * (27f + x2) / (27f + 9f * x2);
    }
}
