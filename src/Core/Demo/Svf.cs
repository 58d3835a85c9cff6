using System.Runtime.CompilerServices;

namespace MusicDashboard.Core.Demo;

/// <summary>
/// Topology-preserving state-variable filter (Zavalishin): stable under fast cutoff modulation, which the acid bass
/// and the vowel formants need. Low, band and high outputs from one state.
/// </summary>
internal struct Svf
{
    private double _a1, _a2, _a3, _k, _ic1, _ic2;

    public Svf(double cutoffHz, double q, int sampleRate) : this() => Set(cutoffHz, q, sampleRate);

    public void Set(double cutoffHz, double q, int sampleRate)
    {
        double fc = Math.Clamp(cutoffHz, 10.0, 0.48 * sampleRate);
        double g = DetMath.Tan(Math.PI * fc / sampleRate);
        _k = 1.0 / Math.Max(q, 0.05);
        _a1 = 1.0 / (1.0 + g * (g + _k));
        _a2 = g * _a1;
        _a3 = g * _a2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Lowpass(double x) { Tick(x, out _, out var low); return low; }

    /// <summary>Band-pass with unity gain at the centre frequency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Bandpass(double x) { Tick(x, out var band, out _); return _k * band; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Highpass(double x) { Tick(x, out var band, out var low); return x - _k * band - low; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Tick(double v0, out double v1, out double v2)
    {
        double v3 = v0 - _ic2;
        v1 = _a1 * _ic1 + _a2 * v3;
        v2 = _ic2 + _a2 * _ic1 + _a3 * v3;
        _ic1 = 2 * v1 - _ic1;
        _ic2 = 2 * v2 - _ic2;
    }
}
