namespace MusicDashboard.Core.Features;

/// <summary>
/// A mel filter bank kept as each filter's run of non-zero float32 weights: a triangular filter covers a few to a few dozen
/// FFT bins, so the bank (128 x 1025 at the study's settings) has 2 018 non-zero weights of 131 200. Applying only
/// those to a frame-major power spectrogram is 65x fewer multiply-adds than the dense product, and measured 12 ms of
/// the 30-s mel spectrogram's ~18 ms (the GEMM) down to 1.7 ms (both with other work on the machine). The weights are the same float32 values as the dense
/// bank's (librosa's melspectrogram also multiplies by a float32 bank); only the summation order differs.
/// </summary>
public sealed class SparseMelBank
{
    private readonly int[] _start;   // first non-zero bin of each filter
    private readonly float[][] _weights;

    public int Bins { get; }
    public int Mels => _start.Length;

    /// <summary>From a dense [n_mels, bins] bank in row-major float32 (the layout <see cref="Spectrogram.Flatten"/> makes).</summary>
    public SparseMelBank(float[] dense, int mels, int bins)
    {
        if (dense.Length != mels * bins) throw new ArgumentException($"a {mels} x {bins} bank has {mels * bins} weights, got {dense.Length}");
        Bins = bins;
        _start = new int[mels];
        _weights = new float[mels][];
        for (var m = 0; m < mels; m++)
        {
            var row = dense.AsSpan(m * bins, bins);
            var first = row.IndexOfAnyExcept(0f);
            if (first < 0) { _weights[m] = []; continue; } // an empty filter (too many mels for n_fft): all zeros, as librosa
            var last = row.LastIndexOfAnyExcept(0f);
            _start[m] = first;
            _weights[m] = row[first..(last + 1)].ToArray();
        }
    }

    /// <summary>Mel power of <paramref name="frames"/> frames: <paramref name="power"/> is frame-major [frames, bins],
    /// <paramref name="mel"/> frame-major [frames, mels].</summary>
    public void Apply(ReadOnlySpan<float> power, int frames, Span<float> mel)
    {
        if (power.Length != frames * Bins || mel.Length != frames * Mels)
            throw new ArgumentException($"expected {frames} frames of {Bins} bins into {frames} x {Mels}");
        for (var t = 0; t < frames; t++)
        {
            var frame = power.Slice(t * Bins, Bins);
            var output = mel.Slice(t * Mels, Mels);
            for (var m = 0; m < _weights.Length; m++)
            {
                var w = _weights[m];
                var x = frame.Slice(_start[m], w.Length);
                var sum = 0f;
                for (var k = 0; k < w.Length; k++) sum += w[k] * x[k];
                output[m] = sum;
            }
        }
    }
}
