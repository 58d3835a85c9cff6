using MusicDashboard.Core.Audio;
using Xunit.Abstractions;

namespace MusicDashboard.Core.Tests.Audio;

/// <summary>
/// The resampler's documented quality (docs/features.md), measured on pure tones: in-band tones come out at the right
/// level with a small error against the ideal resampled sine, and tones above the lower Nyquist (past the transition
/// band) are removed, not aliased. Levels are in dB relative to the input tone.
/// </summary>
public sealed class ResamplerQualityTests(ITestOutputHelper output)
{
    private static float[] Tone(double hz, int rate, int n) => Enumerable.Range(0, n).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();

    /// <summary>Error of the output against the ideal tone at the output rate, away from the edges, in dB re the tone.</summary>
    private static double ErrorDb(float[] y, double hz, int rate, double gain = 1)
    {
        double err = 0, sig = 0;
        for (var i = 2000; i < y.Length - 2000; i++)
        {
            var ideal = gain * 0.5 * Math.Sin(2 * Math.PI * hz * i / rate);
            err += (y[i] - ideal) * (y[i] - ideal);
            sig += 0.125; // 0.5^2 / 2
        }
        return 10 * Math.Log10(Math.Max(err, 1e-30) / sig);
    }

    [Theory]
    [InlineData(44100, 22050)]
    [InlineData(22050, 16000)]
    [InlineData(22051, 22050)] // 22050 phases: the per-tap path
    [InlineData(48000, 22050)]
    [InlineData(16000, 22050)]
    public void PassbandIsAccurateAndStopbandIsRemoved(int from, int to)
    {
        var nyquist = Math.Min(from, to) / 2.0;
        foreach (var share in new[] { 0.05, 0.5, 0.9 })
        {
            var hz = share * nyquist;
            var y = Resampler.Resample(Tone(hz, from, from), from, to);
            var db = ErrorDb(y, hz, to);
            output.WriteLine($"{from}->{to}: tone at {share:0.00} x Nyquist ({hz:0} Hz): error {db:0.0} dB");
            Assert.True(db < (share <= 0.5 ? -95 : -60), $"{from}->{to} {hz} Hz: error {db:0.0} dB");
        }
        if (to < from)
        {
            foreach (var share in new[] { 1.05, 1.1, 1.5 })
            {
                var hz = share * nyquist;
                if (hz >= from / 2.0) continue; // not representable in the input either
                var y = Resampler.Resample(Tone(hz, from, from), from, to);
                var db = ErrorDb(y, 0, to); // against silence: whatever comes out is alias
                output.WriteLine($"{from}->{to}: tone at {share:0.00} x Nyquist ({hz:0} Hz): leaks at {db:0.0} dB");
                Assert.True(db < -80, $"{from}->{to} {hz} Hz leaks at {db:0.0} dB");
            }
        }
    }
}
