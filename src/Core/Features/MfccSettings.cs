using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Features;

/// <summary>
/// librosa.feature.mfcc defaults for the study: 22050 Hz, n_fft 2048, hop 512, 128 Slaney mels, 40 coefficients; the STFT
/// padding (zeros, librosa 0.10), the mel scale (Slaney, or HTK) and power_to_db's amin, top_db and ref (1.0, or null for
/// librosa's ref=np.max) are settings too. Every field takes part in the feature cache's key.
/// </summary>
public sealed record MfccSettings(int SampleRate = 22050, int NFft = 2048, int Hop = 512, int NMels = 128, int NMfcc = 40,
    MfccPooling Pooling = MfccPooling.Mean, bool Htk = false, PadMode Pad = PadMode.Constant, double Amin = 1e-10,
    double? TopDb = 80.0, double? DbReference = 1.0)
{
    public int PooledLength => Pooling == MfccPooling.MeanStd ? 2 * NMfcc : NMfcc;

    /// <summary>The clip's log-mel (dB) spectrogram [batch, n_mels, frames] under these settings.</summary>
    public Tensor MelDb(Tensor y) => MelDbFromPower(Spectrogram.Power(y, NFft, Hop, Pad));

    public Tensor MelDbFromPower(Tensor power) =>
        Spectrogram.PowerToDb(Spectrogram.MelFromPower(power, SampleRate, NFft, NMels, Htk), Amin, TopDb, DbReference);

    /// <summary>Names the first setting a user got wrong, so a verb can say which option to fix.</summary>
    public void Validate()
    {
        if (SampleRate is < 1000 or > 384000) throw new ArgumentException($"sample rate {SampleRate} out of range (1000-384000)");
        if (NFft < 16 || (NFft & (NFft - 1)) != 0) throw new ArgumentException($"n_fft must be a power of two >= 16, got {NFft}");
        if (Hop < 1) throw new ArgumentException($"hop must be positive, got {Hop}");
        if (NMels < 1 || NMels > 1 + NFft / 2) throw new ArgumentException($"n_mels must be between 1 and {1 + NFft / 2}, got {NMels}");
        if (NMfcc < 1 || NMfcc > NMels) throw new ArgumentException($"n_mfcc must be between 1 and n_mels ({NMels}), got {NMfcc}");
    }
}
