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
        var frames = (int)power.shape[2];
        tunings = new double[batch];
        var result = new List<Tensor>();
        // Frame-major ([B, T, F]) on the host, so tuning estimation walks each frame contiguously.
        float[]? host = tuning is null ? power.transpose(1, 2).contiguous().cpu().data<float>().ToArray() : null;
        for (var b = 0; b < batch; b++)
        {
            tunings[b] = tuning ?? EstimateTuning(host.AsSpan(b * freqs * frames, freqs * frames), freqs, frames, sampleRate, nFft, nChroma);
            var bank = Banks.GetOrAdd((sampleRate, nFft, nChroma, tunings[b]), k => Spectrogram.Flatten(FilterBank(k.Sr, k.NFft, k.NChroma, k.Tuning)));
            using var filters = tensor(bank, [nChroma, freqs], device: power.device);
            result.Add(matmul(filters, power[b]));
        }
        var raw = stack(result); // [B, C, T]
        // norm=inf per frame; frames whose peak is below float32's smallest normal are left as they are (librosa's threshold).
        var peak = raw.abs().amax([1], keepdim: true);
        using var tiny = Float32Tiny.ToScalar(); // explicit Scalar: see Spectrogram.PowerToDb
        var divisor = where(peak < tiny, ones_like(peak), peak);
        return raw / divisor;
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

    /// <summary>
    /// librosa.estimate_tuning(S=power, sr, n_fft, resolution=0.01, bins_per_octave) with piptrack's defaults (fmin 150 Hz,
    /// fmax 4 kHz, threshold 0.1 of each frame's peak): parabolic-interpolated spectral peaks, those at least as strong as
    /// the median peak, their distance to the nearest semitone, and the peak of a 0.01-bin histogram of those distances.
    /// <paramref name="frameMajorPower"/> is [frames, freqs] row-major (each frame's spectrum contiguous).
    /// </summary>
    public static double EstimateTuning(ReadOnlySpan<float> frameMajorPower, int freqs, int frames, int sampleRate, int nFft, int binsPerOctave = 12,
        double fMin = 150.0, double fMax = 4000.0, double threshold = 0.1)
    {
        fMin = Math.Max(fMin, 0);
        fMax = Math.Min(fMax, sampleRate / 2.0);
        var binHz = sampleRate / 2.0 / (freqs - 1);
        // The bins piptrack keeps (fmin <= f < fmax), never the first or last one (their neighbours are padding).
        int lo = 1, hi = freqs - 2;
        while (lo <= hi && lo * binHz < fMin) lo++;
        while (hi >= lo && hi * binHz >= fMax) hi--;
        var pitches = new List<double>();
        var mags = new List<double>();
        for (var t = 0; t < frames; t++)
        {
            var s = frameMajorPower.Slice(t * freqs, freqs);
            float peak = 0;
            foreach (var v in s) peak = Math.Max(peak, v);
            var refValue = threshold * peak;
            for (var f = lo; f <= hi; f++)
            {
                // Local maximum of S thresholded at refValue (values at or below it count as 0), as librosa's localmax.
                double z = s[f] > refValue ? s[f] : 0, below = s[f - 1] > refValue ? s[f - 1] : 0, above = s[f + 1] > refValue ? s[f + 1] : 0;
                if (!(z > below && z >= above)) continue;
                var avg = 0.5 * ((double)s[f + 1] - s[f - 1]);
                var curvature = 2.0 * s[f] - s[f + 1] - s[f - 1];
                var shift = avg / (curvature + (Math.Abs(curvature) < Float64Tiny ? 1 : 0));
                pitches.Add((f + shift) * sampleRate / nFft);
                mags.Add(s[f] + 0.5 * avg * shift);
            }
        }
        // Only peaks with a positive frequency count; keep those at least as strong as their median.
        var positive = Enumerable.Range(0, pitches.Count).Where(i => pitches[i] > 0).ToList();
        if (positive.Count == 0) return 0.0;
        var sorted = positive.Select(i => mags[i]).Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
        var selected = positive.Where(i => mags[i] >= median).Select(i => pitches[i]).ToList();
        return PitchTuning(selected, 0.01, binsPerOctave);
    }

    /// <summary>librosa.pitch_tuning: histogram (numpy's binning, edges linspace(-0.5, 0.5, 1/resolution + 1)) of the
    /// distances to the nearest bin, returning the left edge of the fullest bin.</summary>
    public static double PitchTuning(IReadOnlyList<double> frequencies, double resolution = 0.01, int binsPerOctave = 12)
    {
        var nBins = (int)Math.Ceiling(1.0 / resolution);
        var edges = new double[nBins + 1];
        var step = 1.0 / nBins;
        for (var i = 0; i < nBins; i++) edges[i] = i * step - 0.5;
        edges[nBins] = 0.5;
        var counts = new int[nBins];
        var any = false;
        foreach (var f in frequencies)
        {
            if (!(f > 0)) continue;
            any = true;
            var x = binsPerOctave * Math.Log2(f / (440.0 / 16));
            var r = x - Math.Floor(x); // np.mod(x, 1.0)
            if (r >= 0.5) r -= 1.0;
            if (r < edges[0] || r > edges[nBins]) continue;
            // numpy.histogram with explicit edges: bin i holds edges[i] <= r < edges[i+1], the last bin also r == 0.5.
            var index = Array.BinarySearch(edges, r);
            index = index >= 0 ? Math.Min(index, nBins - 1) : ~index - 1;
            counts[index]++;
        }
        if (!any) return 0.0;
        var best = 0;
        for (var i = 1; i < nBins; i++) if (counts[i] > counts[best]) best = i;
        return edges[best];
    }
}
