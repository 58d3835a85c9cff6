using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// librosa 0.10 chroma_stft: the power spectrogram through librosa's chroma filter bank (Gaussian bumps per pitch class,
/// columns L2-normalised, octave weighting centred on octave 5 with width 2, rows rotated to start at C), then each frame
/// divided by its largest value (norm=inf). The tuning is estimated per clip with piptrack + a 0.01-bin histogram, as
/// librosa.estimate_tuning, unless a fixed tuning is given.
/// </summary>
public static class Chroma
{
    private static readonly ConcurrentDictionary<(int Sr, int NFft, int NChroma, double Tuning), float[]> Banks = new();
    private const float Float32Tiny = 1.17549435e-38f; // np.finfo(np.float32).tiny, librosa's normalisation threshold
    private const double Float64Tiny = 2.2250738585072014e-308;

    /// <summary>Chroma [batch, n_chroma, frames] from a power spectrogram [batch, 1 + n_fft/2, frames]; <paramref name="tuning"/>
    /// null estimates each clip's tuning (written to <paramref name="tunings"/>).</summary>
    public static Tensor FromPower(Tensor power, int sampleRate, int nFft, int nChroma, double? tuning, out double[] tunings)
    {
        var batch = (int)power.shape[0];
        var freqs = (int)power.shape[1];
        tunings = tuning is { } fixedTuning ? Enumerable.Repeat(fixedTuning, batch).ToArray() : EstimateTunings(power, sampleRate, nFft, nChroma);
        // One batched product with each clip's own filter bank ([B, C, F] x [B, F, T]).
        var banks = new float[batch * nChroma * freqs];
        for (var b = 0; b < batch; b++)
            Banks.GetOrAdd((sampleRate, nFft, nChroma, tunings[b]), k => Spectrogram.Flatten(FilterBank(k.Sr, k.NFft, k.NChroma, k.Tuning)))
                .CopyTo(banks, b * nChroma * freqs);
        using var filters = tensor(banks, [batch, nChroma, freqs], device: power.device);
        var raw = matmul(filters, power); // [B, C, T]
        // norm=inf per frame; frames whose peak is below float32's smallest normal are left as they are (librosa's threshold).
        var peak = raw.abs().amax([1], keepdim: true);
        using var tiny = Float32Tiny.ToScalar(); // explicit Scalar: see Spectrogram.PowerToDb
        var divisor = where(peak < tiny, ones_like(peak), peak);
        return raw / divisor;
    }

    /// <summary>
    /// librosa.estimate_tuning(S=power, sr, n_fft) of every clip of a power spectrogram [batch, 1 + n_fft/2, frames]. Only
    /// the bins piptrack can keep (150 Hz to 4 kHz, and one neighbour each side) go to the host, frame-major; each frame's
    /// peak over all bins (the threshold's reference) is taken on the tensor.
    /// </summary>
    public static double[] EstimateTunings(Tensor power, int sampleRate, int nFft, int binsPerOctave = 12)
    {
        var batch = (int)power.shape[0];
        var freqs = (int)power.shape[1];
        var frames = (int)power.shape[2];
        var tunings = new double[batch];
        var (lo, hi) = PitchBins(freqs, sampleRate, DefaultFMin, DefaultFMax);
        if (lo > hi || frames == 0) return tunings;
        using var scope = NewDisposeScope();
        var peaks = power.amax([1]).ToFloats();                                    // [B, T]
        var width = hi - lo + 3;
        var band = power.narrow(1, lo - 1, width).transpose(1, 2).ToFloats(); // [B, T, W]
        for (var b = 0; b < batch; b++)
            tunings[b] = EstimateTuning(band.AsSpan(b * frames * width, frames * width), width, lo - 1, peaks.AsSpan(b * frames, frames),
                frames, sampleRate, nFft, binsPerOctave);
        return tunings;
    }

    private const double DefaultFMin = 150.0, DefaultFMax = 4000.0, DefaultThreshold = 0.1;

    /// <summary>The bins piptrack keeps (fmin &lt;= f &lt; fmax), never the first or last one (their neighbours are padding).</summary>
    private static (int Lo, int Hi) PitchBins(int freqs, int sampleRate, double fMin, double fMax)
    {
        fMin = Math.Max(fMin, 0);
        fMax = Math.Min(fMax, sampleRate / 2.0);
        var binHz = sampleRate / 2.0 / (freqs - 1);
        int lo = 1, hi = freqs - 2;
        while (lo <= hi && lo * binHz < fMin) lo++;
        while (hi >= lo && hi * binHz >= fMax) hi--;
        return (lo, hi);
    }

    /// <summary>
    /// librosa.estimate_tuning(S=power, sr, n_fft, resolution=0.01, bins_per_octave) with piptrack's defaults (fmin 150 Hz,
    /// fmax 4 kHz, threshold 0.1 of each frame's peak): parabolic-interpolated spectral peaks, those at least as strong as
    /// the median peak, their distance to the nearest semitone, and the peak of a 0.01-bin histogram of those distances.
    /// <paramref name="frameMajorPower"/> is [frames, freqs] row-major (each frame's spectrum contiguous).
    /// </summary>
    public static double EstimateTuning(ReadOnlySpan<float> frameMajorPower, int freqs, int frames, int sampleRate, int nFft, int binsPerOctave = 12)
    {
        var peaks = new float[frames];
        for (var t = 0; t < frames; t++)
        {
            float peak = 0;
            foreach (var v in frameMajorPower.Slice(t * freqs, freqs)) peak = Math.Max(peak, v);
            peaks[t] = peak;
        }
        return EstimateTuning(frameMajorPower, freqs, 0, peaks, frames, sampleRate, nFft, binsPerOctave);
    }

    /// <summary>
    /// The tuning of one clip from the frame-major power of bins <paramref name="firstBin"/> .. firstBin + width - 1 (each
    /// frame's row contiguous) and each frame's peak over all bins. One pass collects the interpolated peaks into two
    /// arrays (no per-peak allocation); the median magnitude is found by selection, the histogram bin by arithmetic.
    /// </summary>
    private static double EstimateTuning(ReadOnlySpan<float> band, int width, int firstBin, ReadOnlySpan<float> framePeaks, int frames,
        int sampleRate, int nFft, int binsPerOctave)
    {
        var (lo, hi) = PitchBins(1 + nFft / 2, sampleRate, DefaultFMin, DefaultFMax);
        var from = lo - firstBin;
        var to = Math.Min(hi - firstBin, width - 2);
        // A local maximum needs its left neighbour above the threshold's zero or itself above its left neighbour, so at most
        // every other bin of a frame is one.
        var capacity = frames * ((to - from + 2) / 2 + 1);
        var pitches = new double[capacity];
        var mags = new double[capacity];
        var count = 0;
        var hzPerBin = (double)sampleRate / nFft;
        for (var t = 0; t < frames; t++)
        {
            var s = band.Slice(t * width, width);
            var refValue = DefaultThreshold * framePeaks[t];
            for (var f = from; f <= to; f++)
            {
                // Local maximum of S thresholded at refValue (values at or below it count as 0), as librosa's localmax.
                var z = s[f];
                if (!(z > refValue)) continue; // a thresholded zero is never above its left neighbour
                var left = s[f - 1];
                var right = s[f + 1];
                double below = left > refValue ? left : 0, above = right > refValue ? right : 0;
                if (!(z > below && z >= above)) continue;
                var avg = 0.5 * ((double)right - left);
                var curvature = 2.0 * z - right - left;
                var shift = avg / (curvature + (Math.Abs(curvature) < Float64Tiny ? 1 : 0));
                var pitch = (f + firstBin + shift) * hzPerBin;
                if (!(pitch > 0)) continue; // only peaks with a positive frequency count
                pitches[count] = pitch;
                mags[count] = z + 0.5 * avg * shift;
                count++;
            }
        }
        if (count == 0) return 0.0;
        // Keep the peaks at least as strong as their median (numpy's: the mean of the two middle values for an even count).
        var sorted = mags.AsSpan(0, count).ToArray();
        var median = Median(sorted);
        var histogram = new int[(int)Math.Ceiling(1.0 / 0.01)];
        var any = false;
        for (var i = 0; i < count; i++)
            if (mags[i] >= median) { any |= Count(histogram, pitches[i], binsPerOctave); }
        return any ? HistogramPeak(histogram) : 0.0;
    }

    /// <summary>The median of <paramref name="values"/> by selection (reorders them).</summary>
    private static double Median(double[] values)
    {
        var n = values.Length;
        var upper = Select(values, 0, n - 1, n / 2);
        if (n % 2 == 1) return upper;
        // The largest value below the upper middle one lies in the left part after the selection.
        var lower = double.NegativeInfinity;
        for (var i = 0; i < n / 2; i++) lower = Math.Max(lower, values[i]);
        return 0.5 * (lower + upper);
    }

    /// <summary>Hoare's selection: the k-th smallest value; afterwards values[..k] are &lt;= it.</summary>
    private static double Select(double[] a, int left, int right, int k)
    {
        while (left < right)
        {
            var pivot = a[left + (right - left) / 2];
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) { (a[i], a[j]) = (a[j], a[i]); i++; j--; }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return a[k];
        }
        return a[k];
    }

    /// <summary>librosa.filters.chroma(sr, n_fft, n_chroma, tuning) with its defaults (ctroct 5, octwidth 2, norm 2, base_c).</summary>
    public static double[,] FilterBank(int sampleRate, int nFft, int nChroma = 12, double tuning = 0.0)
    {
        // Bin 0 (DC) gets a made-up position 1.5 octaves below bin 1, so its weights are broad and rotated.
        var frqbins = new double[nFft];
        for (var k = 1; k < nFft; k++) frqbins[k] = nChroma * HzToOcts(k * (double)sampleRate / nFft, tuning, nChroma);
        frqbins[0] = frqbins[1] - 1.5 * nChroma;
        var binWidth = new double[nFft];
        for (var k = 0; k < nFft - 1; k++) binWidth[k] = Math.Max(frqbins[k + 1] - frqbins[k], 1.0);
        binWidth[nFft - 1] = 1;

        var half = Math.Round(nChroma / 2.0, MidpointRounding.ToEven);
        var keep = 1 + nFft / 2;
        var w = new double[nChroma, keep];
        for (var k = 0; k < keep; k++)
        {
            var column = new double[nChroma];
            double norm = 0;
            for (var c = 0; c < nChroma; c++)
            {
                var d = PositiveRemainder(frqbins[k] - c + half + 10 * nChroma, nChroma) - half;
                var g = 2 * d / binWidth[k];
                column[c] = Math.Exp(-0.5 * g * g);
                norm += column[c] * column[c];
            }
            norm = Math.Sqrt(norm);
            if (norm < Float64Tiny) norm = 1;
            var octave = (frqbins[k] / nChroma - 5.0) / 2.0;
            var octaveWeight = Math.Exp(-0.5 * octave * octave);
            // base_c: roll by -3 so that row 0 is C rather than A.
            for (var c = 0; c < nChroma; c++) w[c, k] = column[(c + 3 * (nChroma / 12)) % nChroma] / norm * octaveWeight;
        }
        return w;
    }

    private static double PositiveRemainder(double x, double m) => x - m * Math.Floor(x / m);

    /// <summary>librosa.hz_to_octs: octaves above A0 (27.5 Hz at tuning 0).</summary>
    public static double HzToOcts(double hz, double tuning = 0.0, int binsPerOctave = 12) =>
        Math.Log2(hz / (440.0 * Math.Pow(2.0, tuning / binsPerOctave) / 16));

    /// <summary>librosa.pitch_tuning: histogram (numpy's binning, edges linspace(-0.5, 0.5, 1/resolution + 1)) of the
    /// distances to the nearest bin, returning the left edge of the fullest bin.</summary>
    public static double PitchTuning(IReadOnlyList<double> frequencies, double resolution = 0.01, int binsPerOctave = 12)
    {
        var counts = new int[(int)Math.Ceiling(1.0 / resolution)];
        var any = false;
        foreach (var f in frequencies) any |= Count(counts, f, binsPerOctave);
        return any ? HistogramPeak(counts) : 0.0;
    }

    /// <summary>Counts frequency <paramref name="f"/> into numpy.histogram(residual, linspace(-0.5, 0.5, n + 1)); false when
    /// it is not positive (pitch_tuning drops those).</summary>
    private static bool Count(int[] counts, double f, int binsPerOctave)
    {
        if (!(f > 0)) return false;
        var nBins = counts.Length;
        var x = binsPerOctave * Math.Log2(f / (440.0 / 16));
        var r = x - Math.Floor(x); // np.mod(x, 1.0)
        if (r >= 0.5) r -= 1.0;
        if (r < -0.5 || r > 0.5) return true;
        // numpy.histogram with explicit edges e[i] = i / n - 0.5 (e[n] = 0.5): bin i holds e[i] <= r < e[i+1], the last bin
        // also r == 0.5. The arithmetic guess is corrected against the very edges numpy compares with.
        var index = Math.Clamp((int)((r + 0.5) * nBins), 0, nBins - 1);
        if (index > 0 && r < Edge(index, nBins)) index--;
        else if (index < nBins - 1 && r >= Edge(index + 1, nBins)) index++;
        counts[index]++;
        return true;
    }

    private static double Edge(int i, int nBins) => i == nBins ? 0.5 : i * (1.0 / nBins) - 0.5;

    private static double HistogramPeak(int[] counts)
    {
        var best = 0;
        for (var i = 1; i < counts.Length; i++) if (counts[i] > counts[best]) best = i;
        return Edge(best, counts.Length);
    }
}
