using System.Text.Json;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Features;
using Xunit.Abstractions;

namespace MusicDashboard.Core.Tests.Features;

/// <summary>
/// The GTZAN-57 table against tests/fixtures/features/gtzan57.json, computed in float64 with numpy/scipy from librosa
/// 0.10's documented algorithms by make_gtzan57_fixture.py (which checks its chroma, MFCC and spectral arrays against the
/// real librosa 0.10.2 arrays of tests/fixtures/librosa to 1e-7). Tolerances: see <see cref="Tolerance"/>.
/// </summary>
public sealed class GtzanSummaryTests(ITestOutputHelper output)
{
    private static readonly Lazy<JsonDocument> Fixture = new(() => JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("features/gtzan57.json"))));
    private static readonly MfccSettings Settings = new();

    private static JsonElement Signal(string name) => Fixture.Value.RootElement.GetProperty("signals").GetProperty(name);

    public static float[] Samples(string name) => name == "clicks_100bpm"
        ? Clicks100Bpm()
        : WavReader.Read(TestPaths.Fixture($"librosa/{name}.wav")).Samples;

    /// <summary>The click track of make_gtzan57_fixture.py, made the same way: 10 s, a decaying click every 13230 samples
    /// (100 bpm) plus a 440 Hz tone in the first half of each beat, quantised to PCM16 steps.</summary>
    public static float[] Clicks100Bpm()
    {
        const int sr = 22050, n = 10 * sr, period = 13230;
        var x = new double[n];
        for (var start = 0; start < n; start += period)
            for (var m = 0; m < 64 && start + m < n; m++) x[start + m] += 0.8 * Math.Exp(-m / 8.0);
        var y = new float[n];
        for (var t = 0; t < n; t++)
        {
            var v = x[t] + (t % period < period / 2 ? 0.05 * Math.Sin(2 * Math.PI * 440.0 * t / sr) : 0.0);
            y[t] = (float)(Math.Round(v * 32767, MidpointRounding.ToEven) / 32768.0);
        }
        return y;
    }

    /// <summary>
    /// Allowed |ours - reference| / max(|reference|, scale) per column, measured on the three signals (worst case in
    /// brackets) with about 3x headroom. Our pipeline runs the STFT, mel, chroma and HPSS in float32 (librosa's own float32
    /// steps stay float64 in the reference) and the statistics in float64.
    /// - frame statistics of chroma, RMS, centroid, bandwidth, roll-off, ZCR and the waveforms' variances: 1e-6 (2.7e-7,
    ///   bandwidth mean of signal_b);
    /// - MFCC means and variances: 2e-5 (9.8e-6), with the scale at least 1 for means (a mean near 0 is only known to the
    ///   float32 log-mel's absolute error, ~1e-5 dB; worst absolute 2.6e-6 on mfcc12_mean of signal_b, value -0.0033);
    /// - harmony/perceptr means (near 0 by construction): scaled by the waveform's standard deviation, 1e-6 (7e-11);
    /// - tempo: the same lag, so only float rounding (the closest call, signal_a, has a score margin of 0.0045).
    /// </summary>
    private static (double Relative, double Scale) Tolerance(string column, JsonElement reference) => column switch
    {
        "harmony_mean" or "perceptr_mean" => (1e-6, Math.Sqrt(reference.GetProperty(column.Replace("_mean", "_var")).GetDouble())),
        "tempo" => (1e-6, 0),
        _ when column.StartsWith("mfcc") && column.EndsWith("_mean") => (2e-5, 1.0),
        _ when column.StartsWith("mfcc") => (2e-5, 0),
        _ => (1e-6, 0),
    };

    [Fact]
    public void ColumnsAreKagglesInOrder()
    {
        var expected = Fixture.Value.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(57, GtzanSummaryFeatures.Length);
        Assert.Equal(expected, GtzanSummaryFeatures.ColumnNames);
        Assert.Equal("tempo", GtzanSummaryFeatures.ColumnNames[16]);
        Assert.Equal("mfcc20_var", GtzanSummaryFeatures.ColumnNames[^1]);
    }

    [Theory]
    [InlineData("signal_a")]
    [InlineData("signal_b")]
    [InlineData("clicks_100bpm")]
    public void ValuesMatchTheNumpyReference(string name)
    {
        var reference = Signal(name).GetProperty("values");
        var detail = GtzanSummaryFeatures.Detail(Samples(name), Settings);
        var failures = new List<string>();
        for (var k = 0; k < GtzanSummaryFeatures.Length; k++)
        {
            var column = GtzanSummaryFeatures.ColumnNames[k];
            var expected = reference.GetProperty(column).GetDouble();
            var actual = (double)detail.Values[k];
            var (relative, floor) = Tolerance(column, reference);
            var error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), floor);
            output.WriteLine($"{name} {column,-24} ours {actual,14:G8} ref {expected,14:G8} rel {error:E2}");
            if (!(error <= relative)) failures.Add($"{column}: ours {actual:G8}, reference {expected:G8}, relative error {error:E2} > {relative:E0}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("signal_a")]
    [InlineData("signal_b")]
    [InlineData("clicks_100bpm")]
    public void IntermediatesMatchTheNumpyReference(string name)
    {
        var reference = Signal(name).GetProperty("detail");
        var samples = Samples(name);
        var detail = GtzanSummaryFeatures.Detail(samples, Settings);
        Assert.Equal(samples.Length, detail.Harmonic.Length);
        Assert.Equal(samples.Length, detail.Percussive.Length);
        Assert.Equal(reference.GetProperty("chroma_tuning").GetDouble(), detail.ChromaTuning, 9);
        Assert.Equal(reference.GetProperty("tempo_lag").GetInt32(), detail.Tempo.Lag);

        // The waveforms sample by sample (every 4096th), relative to the waveform's peak.
        foreach (var (key, wave) in new[] { ("harmonic", detail.Harmonic), ("percussive", detail.Percussive) })
        {
            var expected = reference.GetProperty($"{key}_every4096").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var peak = wave.Max(Math.Abs);
            var worst = expected.Select((e, i) => Math.Abs(wave[i * 4096] - e)).Max() / peak;
            output.WriteLine($"{name} {key}: max |diff| / peak over {expected.Length} samples = {worst:E2}");
            Assert.True(worst <= WaveTolerance, $"{name} {key} waveform differs by {worst:E2} of its peak");
            var absMean = wave.Average(v => Math.Abs((double)v));
            Assert.Equal(reference.GetProperty($"{key}_abs_mean").GetDouble(), absMean, absMean * 1e-5);
        }

        var onset = reference.GetProperty("onset_envelope").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(onset.Length, detail.OnsetEnvelope.Length);
        var onsetWorst = onset.Select((e, i) => Math.Abs(detail.OnsetEnvelope[i] - e)).Max();
        var tempogram = reference.GetProperty("tempogram_mean").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(tempogram.Length, detail.Tempo.MeanTempogram.Length);
        var tgWorst = tempogram.Select((e, i) => Math.Abs(detail.Tempo.MeanTempogram[i] - e)).Max();
        output.WriteLine($"{name}: onset envelope max |diff| {onsetWorst:E2} (max {onset.Max():G4}); mean tempogram max |diff| {tgWorst:E2}");
        Assert.True(onsetWorst <= OnsetTolerance, $"onset envelope differs by {onsetWorst:E2}");
        Assert.True(tgWorst <= TempogramTolerance, $"mean tempogram differs by {tgWorst:E2}");
    }

    // Measured worst cases (output of IntermediatesMatchTheNumpyReference), allowed about 5x: waveforms 2.1e-6 of the peak
    // (signal_a's percussive part, whose peak is small next to the tone it was separated from); onset envelope 2.2e-5
    // (float32 log-mel, envelope values up to 52); mean tempogram 9.4e-8 (float64 from the float32 envelope).
    private const double WaveTolerance = 1e-5, OnsetTolerance = 1e-4, TempogramTolerance = 5e-7;
}
