namespace MusicDashboard.Core.Audio;

/// <summary>Loads any supported audio file as mono at a target rate (0 = keep the file's rate).</summary>
public static class AudioLoader
{
    public static AudioBuffer Load(string path, int targetSampleRate)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var audio = ext switch
        {
            ".wav" or ".wave" => WavReader.Read(path),
            _ => throw new AudioDecodeException(path, $"unsupported audio format '{ext}' (supported here: .wav)"),
        };
        return targetSampleRate <= 0 || targetSampleRate == audio.SampleRate
            ? audio
            : audio with { Samples = Resampler.Resample(audio.Samples, audio.SampleRate, targetSampleRate), SampleRate = targetSampleRate };
    }
}

/// <summary>
/// Band-limited resampling by windowed-sinc interpolation: a Kaiser-windowed (beta 8.6) sinc with 32 zero crossings
/// each side, cut off at 0.95 of the lower Nyquist frequency. The window gives about 90 dB stop-band rejection; the
/// transition band lies between 0.95 and 1.05 of the lower Nyquist, so content there is attenuated but not removed.
/// Cost: about 64 x max(1, in/out) multiply-adds per output sample.
/// </summary>
public static class Resampler
{
    private const int ZeroCrossings = 32;
    private const double Beta = 8.6, Rolloff = 0.95;

    public static float[] Resample(float[] input, int fromRate, int toRate)
    {
        if (fromRate <= 0 || toRate <= 0) throw new ArgumentException("sample rates must be positive");
        if (fromRate == toRate) return (float[])input.Clone();
        var ratio = (double)toRate / fromRate;
        var outLength = (int)Math.Ceiling(input.Length * ratio);
        var output = new float[outLength];
        // When downsampling, the filter stretches to cut at the output's Nyquist.
        var cutoff = Rolloff * Math.Min(1.0, ratio);
        var halfWidth = ZeroCrossings / cutoff; // in input samples
        var i0Beta = BesselI0(Beta);
        Parallel.For(0, (outLength + 4095) / 4096, block =>
        {
            var end = Math.Min(outLength, (block + 1) * 4096);
            for (var n = block * 4096; n < end; n++)
            {
                var t = n / ratio;
                var first = Math.Max(0, (int)Math.Ceiling(t - halfWidth));
                var last = Math.Min(input.Length - 1, (int)Math.Floor(t + halfWidth));
                double acc = 0;
                for (var k = first; k <= last; k++)
                {
                    var x = k - t;
                    var w = x / halfWidth;
                    var window = BesselI0(Beta * Math.Sqrt(Math.Max(0, 1 - w * w))) / i0Beta;
                    var arg = Math.PI * cutoff * x;
                    var sinc = Math.Abs(arg) < 1e-12 ? 1.0 : Math.Sin(arg) / arg;
                    acc += input[k] * cutoff * sinc * window;
                }
                output[n] = (float)acc;
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
