namespace MusicDashboard.Core.Audio;

/// <summary>
/// Band-limited resampling by windowed-sinc interpolation: a Kaiser-windowed (beta 8.6) sinc with 64 zero crossings each
/// side, cut off at 0.95 of the lower Nyquist frequency. Measured (ResamplerQualityTests, docs/features.md): tones up to
/// 0.9 of the lower Nyquist come out within -60 dB of the ideal resampled tone (below -95 dB up to half of it), and
/// tones from 1.05 of it up are removed to below -80 dB; in between lies the transition band. For rational rate pairs
/// whose reduced output step is at most 4096 (and whose table is no larger than the output) (44100, 48000, 16000, 8000 -> 22050 and back) the taps come from a
/// precomputed polyphase table; other pairs compute each tap. Cost: about 128 x max(1, in/out) multiply-adds per output sample.
/// </summary>
public static class Resampler
{
    private const int ZeroCrossings = 64, MaxPhases = 4096, MaxTableTaps = 1 << 20;
    private const double Beta = 8.6, Rolloff = 0.95;

    public static float[] Resample(float[] input, int fromRate, int toRate)
    {
        if (fromRate <= 0 || toRate <= 0) throw new ArgumentException("sample rates must be positive");
        if (fromRate == toRate) return (float[])input.Clone();
        var ratio = (double)toRate / fromRate;
        var outLong = (long)Math.Ceiling(input.Length * ratio);
        if (outLong > Array.MaxLength) throw new ArgumentException($"{input.Length} samples at {fromRate} Hz are too many to resample to {toRate} Hz");
        var outLength = (int)outLong;
        var output = new float[outLength];
        // When downsampling, the filter stretches to cut at the output's Nyquist.
        var cutoff = Rolloff * Math.Min(1.0, ratio);
        var halfWidth = ZeroCrossings / cutoff; // in input samples
        var i0Beta = BesselI0(Beta);
        double Kernel(double x)
        {
            if (Math.Abs(x) >= halfWidth) return 0;
            var w = x / halfWidth;
            var window = BesselI0(Beta * Math.Sqrt(Math.Max(0, 1 - w * w))) / i0Beta;
            var arg = Math.PI * cutoff * x;
            return cutoff * (Math.Abs(arg) < 1e-12 ? 1.0 : Math.Sin(arg) / arg) * window;
        }

        // Output n sits at input time n * step / phases (exactly, in integers): its fractional part takes only `phases`
        // values, so each phase's taps are computed once.
        var gcd = (int)System.Numerics.BigInteger.GreatestCommonDivisor(fromRate, toRate);
        var phases = toRate / gcd;
        var step = fromRate / gcd;
        var reach = (int)Math.Ceiling(halfWidth) + 1;
        var taps = 2 * reach + 1;
        float[]? table = null;
        // The table saves work when the output has at least one sample per phase; it is made only while it stays within
        // max(output, 1 Mi taps), so a short input at an odd rate (up to 3675 phases of 6113 taps) computes its taps
        // instead of allocating a table hundreds of times its own size.
        var tabulable = phases <= MaxPhases;
        if (tabulable && phases <= outLength && (long)phases * taps <= Math.Max(outLength, MaxTableTaps))
        {
            table = new float[phases * taps];
            for (var p = 0; p < phases; p++)
                for (var j = -reach; j <= reach; j++) table[p * taps + j + reach] = (float)Kernel(j - (double)p / phases);
        }
        Parallel.For(0, (outLength + 4095) / 4096, block =>
        {
            var end = Math.Min(outLength, (block + 1) * 4096);
            for (var n = block * 4096; n < end; n++)
            {
                var position = (long)n * step;
                var baseIndex = (int)(position / phases);
                var phase = (int)(position % phases);
                var first = Math.Max(-reach, -baseIndex);
                var last = Math.Min(reach, input.Length - 1 - baseIndex);
                double acc = 0;
                if (table is not null)
                {
                    var row = phase * taps + reach;
                    for (var j = first; j <= last; j++) acc += input[baseIndex + j] * table[row + j];
                }
                else
                {
                    var frac = (double)phase / phases;
                    // Taps rounded to float as the table holds them, so a short input gives what a long one would.
                    if (tabulable) for (var j = first; j <= last; j++) acc += input[baseIndex + j] * (float)Kernel(j - frac);
                    else for (var j = first; j <= last; j++) acc += input[baseIndex + j] * Kernel(j - frac);
                }
                var y = (float)acc;
                output[n] = float.IsFinite(y) ? y : 0; // float audio near float.MaxValue must not become an infinity
            }
        });
        return output;
    }

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, q = x * x / 4;
        for (var k = 1; k < 50; k++)
        {
            term *= q / (k * k);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return sum;
    }
}
