using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// librosa.beat.tempo(y, sr) (librosa 0.10 feature.rhythm.tempo, aggregate = mean) from an onset envelope: the
/// autocorrelation tempogram with win_length = time_to_frames(ac_size) (344 frames at 22050 Hz, hop 512: tempo passes
/// this, not tempogram's own default of 384), the envelope padded by win_length // 2 on each side with a linear ramp from
/// 0 (np.pad mode='linear_ramp'), one window per frame (hop 1, cut to the envelope's length), a periodic Hann window,
/// autocorrelation over lags 0..win_length-1, each frame divided by its largest |value| (norm=inf); the mean over frames
/// scored as log1p(1e6 x mean) + the log-normal prior -0.5 ((log2 bpm - log2 start_bpm) / std_bpm)^2, lags at or above
/// max_tempo excluded; the tempo is 60 sr / (hop x best lag). The tempogram runs in float64, since the choice between two
/// neighbouring lags can hang on small differences.
/// </summary>
public static class TempoEstimator
{
    private const double Float64Tiny = 2.2250738585072014e-308;

    /// <summary>librosa.time_to_frames(ac_size, sr, hop): floor(floor(ac_size x sr) / hop).</summary>
    public static int WindowLength(int sampleRate, int hop, double acSize) => (int)Math.Floor(acSize * sampleRate) / hop;

    /// <summary>The tempo of every clip from its onset envelope [batch, frames].</summary>
    public static TempoEstimate[] Estimate(Tensor onset, int sampleRate, int hop, TempoSettings? settings = null)
    {
        settings ??= new TempoSettings();
        settings.Validate();
        var win = WindowLength(sampleRate, hop, settings.AcSize);
        if (win < 2) throw new ArgumentException($"ac_size {settings.AcSize} s is shorter than two frames");
        var mean = MeanTempogram(onset, win).ToDoubles();
        var batch = (int)onset.shape[0];
        var prior = LogPrior(win, sampleRate, hop, settings);
        var result = new TempoEstimate[batch];
        for (var b = 0; b < batch; b++)
        {
            var tg = mean.AsSpan(b * win, win).ToArray();
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var lag = 0; lag < win; lag++)
            {
                var score = Math.Log(1 + 1e6 * tg[lag]) + prior[lag]; // log1p; tg >= 0 after the max normalisation's mean
                if (score > bestScore) { bestScore = score; best = lag; }
            }
            if (best < 0) best = 0; // every score -inf (only when no lag is allowed); np.argmax returns 0
            result[b] = new TempoEstimate(Bpm(best, sampleRate, hop), best, tg);
        }
        return result;
    }

    /// <summary>librosa.tempo_frequencies: 60 sr / (hop x lag), infinity at lag 0.</summary>
    public static double Bpm(int lag, int sampleRate, int hop) => lag == 0 ? double.PositiveInfinity : 60.0 * sampleRate / ((double)hop * lag);

    private static double[] LogPrior(int win, int sampleRate, int hop, TempoSettings s)
    {
        var prior = new double[win];
        var maxIndex = 0; // np.argmax(bpms < max_tempo): the first lag below the limit (0 when none is)
        for (var lag = 0; lag < win; lag++)
            if (Bpm(lag, sampleRate, hop) < s.MaxTempo) { maxIndex = lag; break; }
        for (var lag = 0; lag < win; lag++)
        {
            var z = (Math.Log2(Bpm(lag, sampleRate, hop)) - Math.Log2(s.StartBpm)) / s.StdBpm;
            prior[lag] = lag < maxIndex || lag == 0 ? double.NegativeInfinity : -0.5 * z * z;
        }
        return prior;
    }

    /// <summary>The autocorrelation tempogram (norm=inf per frame) averaged over frames, [batch, win] in float64.</summary>
    public static Tensor MeanTempogram(Tensor onset, int win)
    {
        var env = onset.to_type(float64);
        var (batch, frames) = (env.shape[0], env.shape[1]);
        var half = win / 2;
        // np.pad(mode='linear_ramp', end_values=0): left[k] = edge x k / half, right[j] = edge x (half - 1 - j) / half.
        using var rampUp = arange(0, half, dtype: float64, device: env.device);
        using var halfScalar = ((double)half).ToScalar(); // explicit Scalars: see TorchScalars
        using var lastIndex = ((double)(half - 1)).ToScalar();
        var up = (rampUp / halfScalar).unsqueeze(0);
        var down = (lastIndex - rampUp) / halfScalar;
        var left = env.narrow(1, 0, 1) * up;
        var right = env.narrow(1, frames - 1, 1) * down.unsqueeze(0);
        var padded = cat([left, env, right], 1);
        var count = Math.Min(frames, padded.shape[1] - win + 1);
        using var window = hann_window(win, periodic: true, dtype: float64, device: env.device);
        var windows = padded.unfold(1, win, 1).narrow(1, 0, count) * window; // [B, T, win]
        var nFft = 1;
        while (nFft < 2 * win - 1) nFft <<= 1;
        var spectrum = fft.rfft(windows, nFft, dim: -1);
        var re = real(spectrum);
        var im = imag(spectrum);
        var power = re * re; // not square(): see TorchScalars
        using var one = 1.ToScalar();
        power.addcmul_(im, im, one);
        var autocorrelation = fft.irfft(power, nFft, dim: -1).narrow(-1, 0, win);
        var peak = autocorrelation.abs().amax([-1], keepdim: true);
        using var tiny = Float64Tiny.ToScalar();
        var normalised = autocorrelation / where(peak < tiny, ones_like(peak), peak);
        return normalised.mean([1]);
    }
}
