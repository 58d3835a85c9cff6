using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MusicDashboard.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// librosa 0.10 harmonic-percussive source separation with its defaults (librosa.effects.hpss(y) over
/// librosa.decompose.hpss(kernel_size=31, power=2, mask=False, margin=1)): |X| median-filtered over 31 frames along time
/// (harmonic) and over 31 bins along frequency (percussive), both as scipy.ndimage.median_filter(mode='reflect'); soft
/// masks M_h = H^2 / (H^2 + P^2) and M_p = P^2 / (H^2 + P^2) (librosa.util.softmask, computed on H and P divided by
/// max(H, P); where that maximum is below the smallest normal float both masks are 0.5, as margin 1 splits zeros), and
/// the masked complex STFTs back to waveforms of the input's length by the centred inverse STFT.
/// Works on the frame-major complex STFT of <see cref="Spectrogram.Stft"/> ([batch, frames, freqs]).
/// </summary>
public static class Hpss
{
    public const int DefaultKernel = 31;

    private const float Float32Tiny = 1.17549435e-38f; // np.finfo(np.float32).tiny, softmask's threshold for float32 input

    /// <summary>The harmonic and percussive soft masks [batch, frames, freqs] of a frame-major magnitude spectrogram.</summary>
    public static (Tensor Harmonic, Tensor Percussive) Masks(Tensor magnitude, int kernel = DefaultKernel)
    {
        CheckKernel(kernel);
        if (magnitude.dim() != 3) throw new ArgumentException("the HPSS masks take a 3-D magnitude spectrogram");
        var (d0, d1, d2) = ((int)magnitude.shape[0], (int)magnitude.shape[1], (int)magnitude.shape[2]);
        var mag = magnitude.ToFloats();
        var harmonic = MedianFilter(mag, d0, d1, d2, 1, kernel);   // along time
        var percussive = MedianFilter(mag, d0, d1, d2, 2, kernel); // along frequency
        var mh = new float[mag.Length];
        var mp = new float[mag.Length];
        for (var i = 0; i < mag.Length; i++) (mh[i], mp[i]) = SoftMasks(harmonic[i], percussive[i]);
        return (TensorCopies.FromFloats(mh, [d0, d1, d2], magnitude.device), TensorCopies.FromFloats(mp, [d0, d1, d2], magnitude.device));
    }

    /// <summary>
    /// librosa.util.softmask(H, P, power=2, split_zeros=True) and its complement at one point, in float32 as numpy computes
    /// them on float32 input: H and P divided by their maximum, squared, each over the sum; 0.5 each where the maximum is
    /// below the smallest normal float.
    /// </summary>
    private static (float Harmonic, float Percussive) SoftMasks(float h, float p)
    {
        var peak = Math.Max(h, p);
        if (peak < Float32Tiny) return (0.5f, 0.5f);
        var hn = h / peak;
        var pn = p / peak;
        var h2 = hn * hn;
        var p2 = pn * pn;
        var total = h2 + p2; // >= 1 (one of the ratios is 1)
        return (h2 / total, p2 / total);
    }

    /// <summary>
    /// The harmonic and percussive complex STFTs (frame-major) of a frame-major complex STFT, stacked as [2 x batch,
    /// frames, freqs] (harmonic first). One pass on the host: |X|, the two median filters, the soft masks and X x mask,
    /// with no full-size temporary tensor (measured: the dozen elementwise tensor operations this replaced cost more than
    /// the median filters themselves).
    /// </summary>
    public static Tensor SeparateStacked(Tensor stft, int kernel = DefaultKernel)
    {
        CheckKernel(kernel);
        var (d0, d1, d2) = ((int)stft.shape[0], (int)stft.shape[1], (int)stft.shape[2]);
        var n = d0 * d1 * d2;
        var complex = view_as_real(stft.contiguous()).ToFloats(); // [B, T, F, 2]
        var mag = new float[n];
        for (var i = 0; i < n; i++)
        {
            float re = complex[2 * i], im = complex[2 * i + 1];
            mag[i] = MathF.Sqrt(re * re + im * im);
        }
        var harmonic = MedianFilter(mag, d0, d1, d2, 1, kernel);
        var percussive = MedianFilter(mag, d0, d1, d2, 2, kernel);
        var stacked = empty([2L * d0, d1, d2, 2], dtype: float32); // [2B, T, F, 2], written in place
        var both = TensorCopies.FloatSpan(stacked);
        for (var i = 0; i < n; i++)
        {
            var (mh, mp) = SoftMasks(harmonic[i], percussive[i]);
            float re = complex[2 * i], im = complex[2 * i + 1];
            both[2 * i] = re * mh;
            both[2 * i + 1] = im * mh;
            both[2 * (n + i)] = re * mp;
            both[2 * (n + i) + 1] = im * mp;
        }
        return view_as_complex(stft.device.type == DeviceType.CPU ? stacked : stacked.to(stft.device));
    }

    /// <summary>The harmonic and percussive complex STFTs (frame-major) of a frame-major complex STFT.</summary>
    public static (Tensor Harmonic, Tensor Percussive) Separate(Tensor stft, int kernel = DefaultKernel)
    {
        var both = SeparateStacked(stft, kernel);
        var batch = stft.shape[0];
        return (both.narrow(0, 0, batch), both.narrow(0, batch, batch));
    }

    /// <summary>
    /// The harmonic and percussive waveforms [batch, length] of signals whose frame-major STFT (n_fft, hop, centred) is
    /// <paramref name="stft"/>: librosa.effects.hpss(y) with <paramref name="length"/> = len(y).
    /// </summary>
    public static (Tensor Harmonic, Tensor Percussive) Waveforms(Tensor stft, int nFft, int hop, long length, int kernel = DefaultKernel)
    {
        var batch = stft.shape[0];
        var both = InverseStft(SeparateStacked(stft, kernel), nFft, hop, length);
        return (both.narrow(0, 0, batch), both.narrow(0, batch, batch));
    }

    /// <summary>
    /// librosa.istft(X, hop_length, length, center=True, window='hann') of a frame-major complex STFT [batch, frames,
    /// freqs]: window x irfft per frame, overlap-add, divided by the summed squared window (libtorch checks it is nonzero
    /// wherever samples are kept, which holds for the Hann window at hop &lt;= n_fft/2), the first n_fft/2 samples dropped,
    /// cut or zero-padded to <paramref name="length"/>.
    /// </summary>
    public static Tensor InverseStft(Tensor stft, int nFft, int hop, long length)
    {
        using var window = hann_window(nFft, periodic: true, dtype: float32, device: stft.device);
        return istft(stft.transpose(1, 2), nFft, hop, nFft, window, center: true, normalized: false, onesided: true, length: length);
    }

    /// <summary>
    /// Median over <paramref name="kernel"/> neighbours along <paramref name="dim"/> (1 or 2) of a 3-D float tensor, the
    /// edges extended as scipy.ndimage's mode='reflect' (d c b a | a b c d | d c b a, repeated for kernels longer than the
    /// axis). Medians select values, so the result is exact.
    /// </summary>
    public static Tensor MedianFilter(Tensor x, int dim, int kernel)
    {
        if (x.dim() != 3 || dim is not (1 or 2)) throw new ArgumentException("the median filter takes a 3-D tensor and dim 1 or 2");
        CheckKernel(kernel);
        var (d0, d1, d2) = ((int)x.shape[0], (int)x.shape[1], (int)x.shape[2]);
        var result = MedianFilter(x.ToFloats(), d0, d1, d2, dim, kernel);
        return TensorCopies.FromFloats(result, [d0, d1, d2], x.device);
    }

    private static void CheckKernel(int kernel)
    {
        if (kernel < 1 || kernel % 2 == 0) throw new ArgumentException($"the median kernel must be a positive odd number, got {kernel}");
    }

    // Lines along dim 1 are gathered this many at a time: each frame's row then gives one contiguous read per block.
    private const int LinesPerGather = 16;

    /// <summary>
    /// The median filter of a row-major [d0, d1, d2] array along dim 1 or 2, on the host with a sorted sliding window
    /// (<see cref="SlidingMedian"/>), blocks of lines spread over <see cref="TorchRuntime.Threads"/> threads (the one
    /// thread setting; never more than it, so features do not take the cores the configuration gave to others). Measured
    /// on a 30-s clip (1025 x 1293): about 0.45 s per direction through libtorch's kthvalue over unfolded windows; a few
    /// tens of milliseconds this way.
    /// </summary>
    private static float[] MedianFilter(float[] source, int d0, int d1, int d2, int dim, int kernel)
    {
        var result = new float[source.Length];
        var length = dim == 1 ? d1 : d2;
        // A block is LinesPerGather adjacent lines (dim 1: adjacent bins of every frame) or one line (dim 2: a frame).
        var blocksPerItem = dim == 1 ? (d2 + LinesPerGather - 1) / LinesPerGather : d1;
        var blocks = d0 * blocksPerItem;
        var width = WindowWidth(kernel);
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, TorchRuntime.Threads) },
            () => (Gathered: new float[dim == 1 ? length * LinesPerGather : 0], Line: new float[length], Out: new float[length],
                Padded: new float[length + kernel - 1], Window: new float[width]),
            (block, _, b) =>
            {
                var item = block / blocksPerItem;
                var within = block % blocksPerItem;
                var itemOffset = item * d1 * d2;
                if (dim == 2)
                {
                    var row = source.AsSpan(itemOffset + within * d2, d2);
                    SlidingMedian(row, result.AsSpan(itemOffset + within * d2, d2), kernel, b.Padded, b.Window);
                    return b;
                }
                var first = within * LinesPerGather;
                var lines = Math.Min(LinesPerGather, d2 - first);
                for (var t = 0; t < d1; t++) source.AsSpan(itemOffset + t * d2 + first, lines).CopyTo(b.Gathered.AsSpan(t * LinesPerGather));
                for (var j = 0; j < lines; j++)
                {
                    for (var t = 0; t < d1; t++) b.Line[t] = b.Gathered[t * LinesPerGather + j];
                    SlidingMedian(b.Line, b.Out, kernel, b.Padded, b.Window);
                    for (var t = 0; t < d1; t++) b.Gathered[t * LinesPerGather + j] = b.Out[t];
                }
                for (var t = 0; t < d1; t++) b.Gathered.AsSpan(t * LinesPerGather, lines).CopyTo(result.AsSpan(itemOffset + t * d2 + first));
                return b;
            },
            _ => { });
        return result;
    }

    /// <summary>The window buffer's length: the kernel rounded up to whole vectors (the tail holds +infinity).</summary>
    private static int WindowWidth(int kernel) => (kernel + Vector256<float>.Count - 1) / Vector256<float>.Count * Vector256<float>.Count;

    /// <summary>
    /// Running median of an odd window over a reflect-extended line (scipy.ndimage mode='reflect'). The window is kept
    /// sorted; each step finds where the leaving and the entering value stand by counting the values below them (whole
    /// vectors at a time, no branches to mispredict) and moves the values between those places by one.
    /// <paramref name="window"/> holds at least the kernel rounded up to whole Vector256 lengths.
    /// </summary>
    public static void SlidingMedian(ReadOnlySpan<float> line, Span<float> output, int kernel, Span<float> padded, Span<float> window)
    {
        var n = line.Length;
        var half = kernel / 2;
        for (var i = 0; i < n + kernel - 1; i++)
        {
            var m = ((i - half) % (2 * n) + 2 * n) % (2 * n);
            padded[i] = line[m < n ? m : 2 * n - 1 - m];
        }
        var width = WindowWidth(kernel);
        if (window.Length < width) throw new ArgumentException($"the window buffer needs {width} values for a kernel of {kernel}");
        window = window[..width];
        padded[..kernel].CopyTo(window);
        window[..kernel].Sort();
        window[kernel..].Fill(float.PositiveInfinity);
        output[0] = window[half];
        for (var i = 1; i < n; i++)
        {
            var leaving = padded[i - 1];
            var entering = padded[i + kernel - 1];
            var p = CountBelow(window, leaving);  // the first copy of the leaving value (present by construction)
            var q = CountBelow(window, entering); // where the entering value goes, before the leaving one is taken out
            if (q > p)
            {
                window.Slice(p + 1, q - 1 - p).CopyTo(window[p..]);
                window[q - 1] = entering;
            }
            else
            {
                window.Slice(q, p - q).CopyTo(window[(q + 1)..]);
                window[q] = entering;
            }
            output[i] = window[half];
        }
    }

    /// <summary>How many values of <paramref name="window"/> (a whole number of vectors) are below <paramref name="x"/>.</summary>
    private static int CountBelow(ReadOnlySpan<float> window, float x)
    {
        var count = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vx = Vector256.Create(x);
            ref var start = ref MemoryMarshal.GetReference(window);
            for (var i = 0; i < window.Length; i += Vector256<float>.Count)
                count += BitOperations.PopCount(Vector256.LessThan(Vector256.LoadUnsafe(ref start, (nuint)i), vx).ExtractMostSignificantBits());
            return count;
        }
        foreach (var v in window) count += v < x ? 1 : 0;
        return count;
    }
}
