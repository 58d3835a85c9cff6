using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// The spectral views of one batch of equal-length clips, each computed once, on first use, and shared by every feature
/// of the batch: the waveforms as a tensor, the centred STFT and its power for an (n_fft, hop, padding), and the log-mel
/// (dB) spectrogram for a set of STFT, mel and dB settings. The pooled MFCC, the log-mel statistics, the GTZAN-57 set and
/// the Conv-VAE's images of a clip therefore come from one STFT. The tensors belong to the caller's dispose scope: open
/// one around the batch, and do not open another inside a feature that reads these views.
/// </summary>
public sealed class ClipSpectra(IReadOnlyList<float[]> clips)
{
    private Tensor? _samples;
    private readonly Dictionary<(int NFft, int Hop, PadMode Pad), (Tensor Stft, Tensor Power)> _stft = [];
    private readonly Dictionary<MfccSettings, Tensor> _melDb = [];

    public IReadOnlyList<float[]> Clips => clips;
    public int Count => clips.Count;

    /// <summary>[batch, samples].</summary>
    public Tensor Samples => _samples ??= Spectrogram.Stack(clips);

    /// <summary>Complex frame-major STFT [batch, frames, 1 + n_fft/2] (see <see cref="Spectrogram.Stft"/>).</summary>
    public Tensor Stft(int nFft, int hop, PadMode pad) => Spectra(nFft, hop, pad).Stft;

    /// <summary>|STFT|^2 as [batch, 1 + n_fft/2, frames] (see <see cref="Spectrogram.Power"/>).</summary>
    public Tensor Power(int nFft, int hop, PadMode pad) => Spectra(nFft, hop, pad).Power;

    /// <summary>power_to_db of the mel power [batch, n_mels, frames] under <paramref name="s"/> (its MFCC count and pooling
    /// do not matter here, so the MFCC and the GTZAN-57 set share one).</summary>
    public Tensor MelDb(MfccSettings s)
    {
        var key = s with { NMfcc = 1, Pooling = MfccPooling.Mean };
        if (!_melDb.TryGetValue(key, out var db)) _melDb[key] = db = s.MelDbFromPower(Power(s.NFft, s.Hop, s.Pad));
        return db;
    }

    private (Tensor Stft, Tensor Power) Spectra(int nFft, int hop, PadMode pad)
    {
        if (!_stft.TryGetValue((nFft, hop, pad), out var views))
        {
            var stft = Spectrogram.Stft(Samples, nFft, hop, pad);
            _stft[(nFft, hop, pad)] = views = (stft, Spectrogram.PowerFromStft(stft));
        }
        return views;
    }
}
