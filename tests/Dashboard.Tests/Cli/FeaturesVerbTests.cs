using System.Text.Json;
using MusicDashboard.Core.Audio;
using MusicDashboard.Dashboard.Cli;
using MusicDashboard.Dashboard.Hosting;

namespace MusicDashboard.Dashboard.Tests.Cli;

/// <summary>`features` in process: a GTZAN-format AU collection to CSV (read back by `cluster`), one file to JSON, bad input.
/// In the collection of the other tests that point MUSICDASH_CONFIG_DIR somewhere: a process-wide variable.</summary>
[Collection("config folder")]
public sealed class FeaturesVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-features-verb-").FullName;

    public FeaturesVerbTests()
    {
        File.WriteAllText(Path.Combine(_dir, "appsettings.json"), JsonSerializer.Serialize(new
        {
            MusicDashboard = new { DataFolder = "data", Database = "data/runs.db", DatasetPath = "" },
        }));
        Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, _dir);
        // GTZAN's format: genres/<genre>/<genre>.000NN.au, big-endian 16-bit PCM at 22050 Hz; plus one broken file.
        var rng = new Random(5);
        foreach (var (genre, f0) in new[] { ("classical", 330.0), ("disco", 880.0) })
        {
            Directory.CreateDirectory(Path.Combine(_dir, "gtzan", "genres", genre));
            for (var k = 0; k < 3; k++)
            {
                var y = Enumerable.Range(0, 22050 * 4).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * f0 * (1 + 0.05 * k) * i / 22050) + 0.01 * (rng.NextDouble() - 0.5))).ToArray();
                AuWriter.WritePcm16(Path.Combine(_dir, "gtzan", "genres", genre, $"{genre}.0000{k}.au"), y, 22050);
            }
        }
        File.WriteAllBytes(Path.Combine(_dir, "gtzan", "genres", "disco", "disco.00009.au"), ".snd\0\0\0\x18\0\0\0\x10"u8.ToArray());
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(AppConfiguration.ConfigFolderVariable, null);
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("mfcc-mean", 13)]
    [InlineData("mfcc-meanstd", 26)]
    [InlineData("summary", 26 + 24 + 10)]
    public async Task CollectionToCsvThatClusterReads(string kind, int columns)
    {
        var csv = Path.Combine(_dir, $"{kind}.csv");
        string[] args = ["features", "--dataset", Path.Combine(_dir, "gtzan"), "--out", csv, "--kind", kind, "--n-mfcc", "13", "--clip-seconds", "2", "--hop-seconds", "1"];
        Assert.Equal(0, await Verbs.RunAsync(args));
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        Assert.Equal(["track", "clip", "offset_seconds", "genre"], header[..4]);
        Assert.Equal(4 + columns, header.Length);
        Assert.Equal(6 * 3, lines.Length - 1); // 4-s tracks, 2-s clips every 1 s: offsets 0, 1, 2
        Assert.StartsWith("genres/classical/classical.00000.au,0,0,classical,", lines[1]);
        Assert.StartsWith("genres/classical/classical.00000.au,2,2,classical,", lines[3]);
        Assert.True(Directory.Exists(Path.Combine(_dir, "data", "feature-cache")));

        // A second run reads the cache and writes the same file.
        var first = File.ReadAllText(csv);
        Assert.Equal(0, await Verbs.RunAsync(args));
        Assert.Equal(first, File.ReadAllText(csv));

        var result = Path.Combine(_dir, $"{kind}.json");
        Assert.Equal(0, await Verbs.RunAsync(["cluster", "--csv", csv, "--label-column", "genre", "--drop-columns", "track,clip,offset_seconds", "--k", "2", "--out", result]));
        using var json = JsonDocument.Parse(File.ReadAllText(result));
        Assert.Equal(1.0, json.RootElement.GetProperty("metrics").GetProperty("purity").GetDouble(), 6); // two tones, two clusters
    }

    [Fact]
    public async Task Gtzan57KindWritesKagglesColumns()
    {
        var csv = Path.Combine(_dir, "gtzan57.csv");
        string[] args = ["features", "--dataset", Path.Combine(_dir, "gtzan"), "--out", csv, "--kind", "gtzan57", "--clip-seconds", "4"];
        Assert.Equal(0, await Verbs.RunAsync(args));
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        Assert.Equal(["track", "clip", "offset_seconds", "genre", "chroma_stft_mean", "chroma_stft_var", "rms_mean"], header[..7]);
        Assert.Equal("tempo", header[4 + 16]);
        Assert.Equal("mfcc20_var", header[^1]);
        Assert.Equal(4 + 57, header.Length);
        Assert.Equal(6, lines.Length - 1); // one whole 4-s clip per track
        // The MFCC count is part of the table's definition.
        Assert.Equal(2, await Verbs.RunAsync([.. args, "--n-mfcc", "13"]));
    }

    [Fact]
    public async Task OneFileToJsonInLibrosasOrientation()
    {
        var wav = Path.Combine(_dir, "tone.wav");
        var y = Enumerable.Range(0, 16000).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 16000))).ToArray();
        WavWriter.WritePcm16(wav, y, 16000);
        var outJson = Path.Combine(_dir, "tone.json");
        Assert.Equal(0, await Verbs.RunAsync(["features", "--input", wav, "--out", outJson, "--n-mels", "64", "--n-mfcc", "13"]));
        using var doc = JsonDocument.Parse(File.ReadAllText(outJson));
        var root = doc.RootElement;
        Assert.Equal(16000, root.GetProperty("sample_rate").GetInt32()); // no --sr: the file's own rate
        var frames = 1 + 16000 / 512;
        Assert.Equal(frames, root.GetProperty("n_frames").GetInt32());
        foreach (var (key, rows) in new[] { ("mel_power", 64), ("mel_db", 64), ("mfcc", 13), ("chroma", 12), ("rms", 1), ("zcr", 1) })
        {
            var m = root.GetProperty(key);
            Assert.Equal(rows, m.GetArrayLength());
            Assert.All(m.EnumerateArray(), r => Assert.Equal(frames, r.GetArrayLength()));
        }
        // 440 Hz is A: chroma row 9 (C = 0) is the loudest in the middle frame.
        var chroma = root.GetProperty("chroma").EnumerateArray().Select(r => r[frames / 2].GetDouble()).ToList();
        Assert.Equal(9, chroma.IndexOf(chroma.Max()));

        Assert.Equal(0, await Verbs.RunAsync(["features", "--input", wav, "--out", outJson, "--sr", "22050"]));
        using var resampled = JsonDocument.Parse(File.ReadAllText(outJson));
        Assert.Equal(22050, resampled.RootElement.GetProperty("sample_rate").GetInt32());
        Assert.Equal(20, resampled.RootElement.GetProperty("mfcc").GetArrayLength()); // librosa's default n_mfcc
    }

    [Fact]
    public async Task BadInputIsNamed()
    {
        var stderr = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try
        {
            Assert.Equal(2, await Verbs.RunAsync(["features", "--out", Path.Combine(_dir, "x.csv")]));
            Assert.Equal(2, await Verbs.RunAsync(["features", "--dataset", "demo", "--out", Path.Combine(_dir, "x.csv"), "--kind", "spectra"]));
            Assert.Equal(2, await Verbs.RunAsync(["features", "--input", "a.wav", "--out", Path.Combine(_dir, "x.json"), "--n-fft", "1000"]));
            var text = Path.Combine(_dir, "notes.wav");
            File.WriteAllText(text, "plain text");
            Assert.Equal(1, await Verbs.RunAsync(["features", "--input", text, "--out", Path.Combine(_dir, "x.json")]));
            Assert.Equal(1, await Verbs.RunAsync(["features", "--dataset", Path.Combine(_dir, "nowhere"), "--out", Path.Combine(_dir, "x.csv")]));
        }
        finally { Console.SetError(stderr); }
        var errors = captured.ToString();
        Assert.Contains("give either --dataset", errors);
        Assert.Contains("unknown --kind 'spectra'", errors);
        Assert.Contains("n_fft must be a power of two", errors);
        Assert.Contains("notes.wav: not a WAV file (starts with 'plai')", errors);
        Assert.Contains("does not exist", errors);
    }

    [Fact]
    public async Task BenchFeaturesPrintsEveryStageAndNeverQuotesAFileFigure()
    {
        var dir = Path.Combine(_dir, "bench");
        Directory.CreateDirectory(dir);
        var y = Enumerable.Range(0, 22050 * 11).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / 22050))).ToArray();
        AuWriter.WritePcm16(Path.Combine(dir, "a.au"), y, 22050);
        WavWriter.WritePcm16(Path.Combine(dir, "short.wav"), y.AsSpan(0, 22050), 22050);
        var stdout = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(captured);
        try { Assert.Equal(0, await Verbs.RunAsync(["bench", "features", "--dataset", dir, "--repeats", "1", "--no-peer"])); }
        finally { Console.SetOut(stdout); }
        var text = captured.ToString();
        foreach (var stage in new[] { "decode (read", "STFT power", "mel power", "MFCC (20)", "chroma (tuning estimated)", "tuning estimation alone",
                     "spectral: centroid", "HPSS", "onset strength + tempo", "whole pipeline", "feature-cache hit", "clips per second", "peak working set",
                     "load average before", "load average after ours" })
            Assert.Contains(stage, text);
        // Peers are timed in the same run or not at all: no figure read from the fixtures' timings.json (mfcc20 154.82 ms).
        Assert.Contains("peers: not run (--no-peer)", text);
        Assert.DoesNotContain("154.82", text);
    }
}
