using System.Runtime.CompilerServices;

namespace MusicDashboard.Core.Demo;

/// <summary>One-pole low-pass (6 dB/octave): tape/vinyl dullness, noise colouring, envelope smoothing.</summary>
internal struct OnePole
{
    private double _a, _y;

    public OnePole(double cutoffHz, int sampleRate) : this() => Set(cutoffHz, sampleRate);

    public void Set(double cutoffHz, int sampleRate) =>
        _a = 1.0 - DetMath.Exp(-DetMath.TwoPi * Math.Clamp(cutoffHz, 1.0, 0.49 * sampleRate) / sampleRate);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Process(double x) => _y += _a * (x - _y);
}
