using MusicDashboard.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// librosa 0.10 onset_strength(y, sr) with its defaults (lag 1, max_size 1, no detrending, centred, mean over bands) from
/// the clip's log-mel spectrogram (power_to_db of the 128-band mel power, the same array the MFCC read): the positive
/// part of the first difference along time, averaged over the mel bands (or their median, numpy's: the mean of the two
/// middle values for an even count), shifted right by lag + n_fft / (2 hop) frames
/// (zeros in front) and cut to the spectrogram's frame count.
/// </summary>
public static class OnsetStrength
{
    /// <summary>Onset envelope [batch, frames] from a log-mel spectrogram [batch, n_mels, frames].</summary>
    public static Tensor FromMelDb(Tensor melDb, int nFft, int hop, int lag = 1, OnsetAggregate aggregate = OnsetAggregate.Mean)
    {
        if (lag < 1) throw new ArgumentException($"the onset lag must be a positive integer, got {lag}");
        var frames = melDb.shape[2];
        var shift = lag + nFft / (2 * hop);
        if (frames <= lag) return zeros(melDb.shape[0], frames, dtype: melDb.dtype, device: melDb.device);
        var difference = melDb.narrow(2, lag, frames - lag) - melDb.narrow(2, 0, frames - lag);
        var positive = nn.functional.relu(difference);
        var envelope = aggregate == OnsetAggregate.Mean ? positive.mean([1]) : Median(positive, 1); // [B, frames - lag]
        return nn.functional.pad(envelope, [shift, 0]).narrow(1, 0, frames);
        }

    private static Tensor Median(Tensor x, int dim)
    {
        var n = x.shape[dim];
        var upper = x.kthvalue(n / 2 + 1, dim).values;
        if (n % 2 == 1) return upper;
        using var half = 0.5.ToScalar(); // explicit Scalar: see TorchScalars
        return x.kthvalue(n / 2, dim).values.Plus(upper) * half;
    }
}
