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

    // Elements (times the kernel) one median chunk may unfold: 4M floats x 4 B = 16 MB of window copies at a time.
    private const long ChunkElements = 4L << 20;
    private const float Float32Tiny = 1.17549435e-38f; // np.finfo(np.float32).tiny, softmask's threshold for float32 input

    /// <summary>The harmonic and percussive soft masks [batch, frames, freqs] of a frame-major magnitude spectrogram.</summary>
    public static (Tensor Harmonic, Tensor Percussive) Masks(Tensor magnitude, int kernel = DefaultKernel)
    {
        if (kernel < 1 || kernel % 2 == 0) throw new ArgumentException($"the HPSS kernel must be a positive odd number, got {kernel}");
        var harmonic = MedianFilter(magnitude, 1, kernel);   // along time
        var percussive = MedianFilter(magnitude, 2, kernel); // along frequency
        using var tiny = Float32Tiny.ToScalar(); // explicit Scalars throughout: see TorchScalars
        using var half = 0.5.ToScalar();
        var peak = maximum(harmonic, percussive);
        var bad = peak < tiny;
        var divisor = where(bad, ones_like(peak), peak);
        var h = harmonic / divisor;
        var p = percussive / divisor;
        var h2 = h * h; // not square(): see TorchScalars
        var p2 = p * p;
        var total = h2.Plus(p2); // >= 1 wherever the peak is not tiny (one of the ratios is 1)
        var safe = where(bad, ones_like(total), total);
        var fill = full_like(peak, half);
        return (where(bad, fill, h2 / safe), where(bad, fill, p2 / safe));
    }

    /// <summary>The harmonic and percussive complex STFTs (frame-major) of a frame-major complex STFT.</summary>
    public static (Tensor Harmonic, Tensor Percussive) Separate(Tensor stft, int kernel = DefaultKernel)
    {
        var (mh, mp) = Masks(stft.abs(), kernel);
        return (stft * mh, stft * mp);
    }

    /// <summary>
    /// The harmonic and percussive waveforms [batch, length] of signals whose frame-major STFT (n_fft, hop, centred) is
    /// <paramref name="stft"/>: librosa.effects.hpss(y) with <paramref name="length"/> = len(y).
    /// </summary>
    public static (Tensor Harmonic, Tensor Percussive) Waveforms(Tensor stft, int nFft, int hop, long length, int kernel = DefaultKernel)
    {
        var (h, p) = Separate(stft, kernel);
        var batch = stft.shape[0];
        var both = InverseStft(cat([h, p], 0), nFft, hop, length);
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
    /// Median over <paramref name="kernel"/> neighbours along <paramref name="dim"/> of a 3-D tensor, the edges extended
    /// as scipy.ndimage's mode='reflect' (d c b a | a b c d | d c b a, repeated for kernels longer than the axis). The
    /// windows are unfolded a slab at a time along another axis, so memory stays near <see cref="ChunkElements"/>.
    /// </summary>
    public static Tensor MedianFilter(Tensor x, int dim, int kernel)
    {
        if (x.dim() != 3) throw new ArgumentException("the median filter takes a 3-D tensor");
        if (kernel == 1) return x.clone();
        var n = x.shape[dim];
        var half = kernel / 2;
        var index = new long[n + 2 * half];
        for (var i = 0; i < index.Length; i++)
        {
            var m = ((i - half) % (2 * n) + 2 * n) % (2 * n);
            index[i] = m < n ? m : 2 * n - 1 - m;
        }
        using var indices = tensor(index, device: x.device);
        var padded = x.index_select(dim, indices);
        var slabDim = dim == 2 ? 1 : 2;
        var slabSize = x.shape[slabDim];
        var perSlab = x.shape[0] * n * kernel; // unfolded elements per index along slabDim
        var step = Math.Max(1, ChunkElements / Math.Max(1, perSlab));
        var parts = new List<Tensor>();
        for (long start = 0; start < slabSize; start += step)
        {
            var slab = padded.narrow(slabDim, start, Math.Min(step, slabSize - start));
            parts.Add(slab.unfold(dim, kernel, 1).kthvalue(half + 1, -1).values); // the middle of an odd count: the median
        }
        return parts.Count == 1 ? parts[0] : cat(parts, slabDim);
    }
}
