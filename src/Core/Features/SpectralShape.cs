using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// librosa 0.10 spectral shape and frame features: spectral centroid, bandwidth (p = 2, normalised) and roll-off from the
/// magnitude spectrogram (computed in float64 here: the sums over 1025 bins are where float32 loses the most), and the
/// zero-crossing rate and RMS from the waveform (frame 2048, hop 512, centred).
/// </summary>
public static class SpectralShape
{
    private static Tensor Frequencies(int nFft, int sampleRate, Device device) =>
        linspace(0, sampleRate / 2.0, 1 + nFft / 2, dtype: float64, device: device).reshape(1, -1, 1);

    // librosa normalises columns with norm=1 and leaves the ones summing below the smallest normal float unscaled.
    private static Tensor ColumnNormalised(Tensor mag)
    {
        var sum = mag.abs().sum([1], keepdim: true);
        using var tiny = 2.2250738585072014e-308.ToScalar(); // explicit Scalars throughout: see Spectrogram.PowerToDb
        return mag / where(sum < tiny, ones_like(sum), sum);
    }

    /// <summary>librosa.feature.spectral_centroid: [batch, 1, frames] in Hz, from a magnitude spectrogram [batch, freqs, frames].</summary>
    public static Tensor Centroid(Tensor magnitude, int sampleRate, int nFft)
    {
        var mag = magnitude.to_type(float64);
        return (Frequencies(nFft, sampleRate, mag.device) * ColumnNormalised(mag)).sum([1], keepdim: true);
    }

    /// <summary>librosa.feature.spectral_bandwidth(p=2, norm=True): [batch, 1, frames] in Hz.</summary>
    public static Tensor Bandwidth(Tensor magnitude, Tensor centroid, int sampleRate, int nFft)
    {
        var mag = magnitude.to_type(float64);
        var deviation = (Frequencies(nFft, sampleRate, mag.device) - centroid.to_type(float64)).abs();
        return (ColumnNormalised(mag) * deviation * deviation).sum([1], keepdim: true).sqrt(); // not square(): see Spectrogram.Power
    }

    /// <summary>librosa.feature.spectral_rolloff(roll_percent): the lowest bin frequency at which the cumulative magnitude reaches the given share.</summary>
    public static Tensor Rolloff(Tensor magnitude, int sampleRate, int nFft, double rollPercent = 0.85)
    {
        if (!(rollPercent > 0 && rollPercent < 1)) throw new ArgumentException("roll_percent must lie strictly between 0 and 1");
        var cumulative = magnitude.to_type(float64).cumsum(1);
        using var share = rollPercent.ToScalar();
        using var binHz = (sampleRate / (double)nFft).ToScalar();
        var threshold = share * cumulative.narrow(1, cumulative.shape[1] - 1, 1);
        // The cumulative sum is non-decreasing, so the number of bins below the threshold is the index of the first at or above it.
        var index = (cumulative < threshold).sum([1], keepdim: true, type: int64);
        return index.to_type(float64) * binHz;
    }

    /// <summary>
    /// Centroid, bandwidth (p = 2, normalised) and roll-off, each [batch, 1, frames] in float64, from a power spectrogram
    /// [batch, 1 + n_fft/2, frames] (a transposed view of the frame-major power, as <see cref="Spectrogram.Power"/> returns):
    /// the same values as <see cref="Centroid"/>, <see cref="Bandwidth"/> and <see cref="Rolloff"/> on its square root, in
    /// one pass over each frame's contiguous spectrum on the host (float64 sums, the cumulative sum in order as numpy's),
    /// instead of a dozen float64 temporaries of the whole spectrogram.
    /// </summary>
    public static (Tensor Centroid, Tensor Bandwidth, Tensor Rolloff) FromPower(Tensor power, int sampleRate, int nFft, double rollPercent = 0.85)
    {
        if (!(rollPercent > 0 && rollPercent < 1)) throw new ArgumentException("roll_percent must lie strictly between 0 and 1");
        var (batch, freqs, frames) = ((int)power.shape[0], (int)power.shape[1], (int)power.shape[2]);
        var host = power.transpose(1, 2).ToFloats(); // [B, T, F]
        var hz = new double[freqs];
        var step = sampleRate / 2.0 / (freqs - 1);
        for (var f = 0; f < freqs; f++) hz[f] = f * step; // np.linspace(0, sr / 2, freqs)
        var binHz = sampleRate / (double)nFft;
        var rows = batch * frames;
        var centroid = new double[rows];
        var bandwidth = new double[rows];
        var rolloff = new double[rows];
        var magnitude = new double[freqs];
        for (var r = 0; r < rows; r++)
        {
            var spectrum = host.AsSpan(r * freqs, freqs);
            double total = 0, weighted = 0;
            for (var f = 0; f < freqs; f++)
            {
                var m = Math.Sqrt(spectrum[f]);
                magnitude[f] = m;
                total += m;
                weighted += hz[f] * m;
            }
            // librosa normalises columns with norm=1 and leaves the ones summing below the smallest normal float unscaled.
            var norm = total < Float64Tiny ? 1.0 : total;
            var c = weighted / norm;
            double spread = 0;
            for (var f = 0; f < freqs; f++)
            {
                var d = hz[f] - c;
                spread += magnitude[f] / norm * d * d;
            }
            // The cumulative sum is non-decreasing, so the number of bins below the threshold is the index of the first at or above it.
            double cumulative = 0;
            var below = 0;
            var threshold = rollPercent * total;
            for (var f = 0; f < freqs; f++)
            {
                cumulative += magnitude[f];
                if (cumulative < threshold) below++;
            }
            centroid[r] = c;
            bandwidth[r] = Math.Sqrt(spread);
            rolloff[r] = below * binHz;
        }
        Tensor Of(double[] v) => tensor(v, [batch, 1, frames], device: power.device);
        return (Of(centroid), Of(bandwidth), Of(rolloff));
    }

    private const double Float64Tiny = 2.2250738585072014e-308;

    public static int FrameCount(int samples, int frameLength, int hop) => 1 + (samples + 2 * (frameLength / 2) - frameLength) / hop;

    /// <summary>
    /// librosa.feature.zero_crossing_rate(y, frame_length, hop_length, center=True): the signal is edge-padded by half a
    /// frame, |x| &lt;= 1e-10 counts as +0, a crossing is a sign-bit change from the previous sample inside the frame, and
    /// the rate is crossings / frame_length.
    /// </summary>
    public static float[] ZeroCrossingRate(ReadOnlySpan<float> y, int frameLength = 2048, int hop = 512)
    {
        if (y.Length == 0) throw new ArgumentException("empty signal");
        var half = frameLength / 2;
        var frames = FrameCount(y.Length, frameLength, hop);
        var paddedLength = y.Length + 2 * half;
        // changes[i] = 1 when padded sample i has another sign than sample i-1; prefix sums make every frame O(1).
        var prefix = new int[paddedLength];
        var previous = Negative(y[0]);
        for (var i = 1; i < paddedLength; i++)
        {
            var negative = Negative(y[Math.Clamp(i - half, 0, y.Length - 1)]);
            prefix[i] = prefix[i - 1] + (negative != previous ? 1 : 0);
            previous = negative;
        }
        var rate = new float[frames];
        for (var t = 0; t < frames; t++)
        {
            var start = t * hop;
            rate[t] = (float)((prefix[start + frameLength - 1] - prefix[start]) / (double)frameLength);
        }
        return rate;
    }

    private static bool Negative(float x) => x < -1e-10; // compared in double, as librosa does on float64 audio

    /// <summary>
    /// librosa.feature.rms(y, frame_length, hop_length, center=True, pad_mode): sqrt of each padded frame's mean square,
    /// no window. pad_mode 'constant' (zeros) is librosa 0.10's default; librosa &lt;= 0.9 reflected the signal.
    /// </summary>
    public static float[] Rms(ReadOnlySpan<float> y, int frameLength = 2048, int hop = 512, PadMode pad = PadMode.Constant)
    {
        if (y.Length == 0) throw new ArgumentException("empty signal");
        if (pad == PadMode.Reflect && y.Length <= frameLength / 2)
            throw new ArgumentException($"reflect padding needs more than {frameLength / 2} samples, the signal has {y.Length}");
        var half = frameLength / 2;
        var frames = FrameCount(y.Length, frameLength, hop);
        var rms = new float[frames];
        for (var t = 0; t < frames; t++)
        {
            double sum = 0;
            var first = t * hop - half;
            var from = pad == PadMode.Reflect ? first : Math.Max(0, first);
            var to = pad == PadMode.Reflect ? first + frameLength : Math.Min(y.Length, first + frameLength);
            for (var i = from; i < to; i++)
            {
                var j = i < 0 ? -i : i >= y.Length ? 2 * (y.Length - 1) - i : i; // reflect without repeating the edge
                var square = y[j] * y[j]; // librosa squares in float32 (its rms dtype)
                sum += square;
            }
            rms[t] = (float)Math.Sqrt(sum / frameLength);
        }
        return rms;
    }
}
