using System.Text.Json;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Runtime;

namespace MusicDashboard.Core.Tests.Features;

/// <summary>The "Raw MelSpec stats" baseline: per-band mean and population std of librosa's power_to_db(melspectrogram)
/// over the frames, against librosa 0.10.2's own per-band statistics of signal_b (tests/fixtures/librosa, key
/// mel_db_stats; numpy's std, ddof 0).</summary>
public sealed class LogMelStatsTests
{
    [Fact]
    public void BandMeansAndStdsMatchLibrosa()
    {
        _ = TorchRuntime.Device;
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("librosa/signal_b.json")));
        var stats = doc.RootElement.GetProperty("mel_db_stats");
        var mean = stats.GetProperty("per_band_mean").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var std = stats.GetProperty("per_band_std").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var samples = WavReader.Read(TestPaths.Fixture("librosa/signal_b.wav")).Samples;

        var ours = MfccFeatures.LogMelStatsBatch([samples], new MfccSettings())[0];

        Assert.Equal(256, ours.Length);
        // mel_db's float32 tolerance in the fixture README is 2e-3 dB per value; band statistics average it out.
        for (var b = 0; b < 128; b++)
        {
            Assert.True(Math.Abs(ours[b] - mean[b]) < 2e-3, $"band {b} mean {ours[b]} vs librosa {mean[b]}");
            Assert.True(Math.Abs(ours[128 + b] - std[b]) < 2e-3, $"band {b} std {ours[128 + b]} vs librosa {std[b]}");
        }
    }
}
