namespace MusicDashboard.Core.Audio;

/// <summary>
/// Loads any supported audio file as mono at a target rate (0 = keep the file's rate). WAV and AU are decoded here, chosen
/// by their first bytes (so a mislabelled file still decodes, and a non-audio file is named as such); any other extension
/// goes through ffmpeg.
/// </summary>
public static class AudioLoader
{
    public static readonly IReadOnlySet<string> NativeExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".wav", ".wave", ".au", ".snd" };

    public static AudioBuffer Load(string path, int targetSampleRate, string ffmpeg = FfmpegDecoder.DefaultTool) =>
        NativeExtensions.Contains(Path.GetExtension(path))
            ? Decode(AudioFile.ReadAllBytes(path), path, targetSampleRate, ffmpeg)
            : ToRate(FfmpegDecoder.Decode(path, ffmpeg), targetSampleRate);

    /// <summary>Decodes a file whose bytes the caller has already read (e.g. to hash them); ffmpeg formats are read from <paramref name="path"/>.</summary>
    public static AudioBuffer Decode(byte[] bytes, string path, int targetSampleRate, string ffmpeg = FfmpegDecoder.DefaultTool)
    {
        var head = bytes.AsSpan(0, Math.Min(4, bytes.Length));
        AudioBuffer audio;
        if (head.SequenceEqual("RIFF"u8)) audio = WavReader.Decode(bytes, path);
        else if (head.SequenceEqual(".snd"u8)) audio = AuReader.Decode(bytes, path);
        else
        {
            var ext = Path.GetExtension(path).ToLowerInvariant();
            audio = ext switch
            {
                ".wav" or ".wave" => WavReader.Decode(bytes, path), // names the problem ("empty file", "not a WAV file ...")
                ".au" or ".snd" => AuReader.Decode(bytes, path),
                _ => FfmpegDecoder.Decode(path, ffmpeg),
            };
        }
        return ToRate(audio, targetSampleRate);
    }

    private static AudioBuffer ToRate(AudioBuffer audio, int targetSampleRate) =>
        targetSampleRate <= 0 || targetSampleRate == audio.SampleRate
            ? audio
            : audio with { Samples = Resampler.Resample(audio.Samples, audio.SampleRate, targetSampleRate), SampleRate = targetSampleRate };
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
