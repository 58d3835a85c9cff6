using System.Buffers.Binary;
using System.Text.Json;
using MusicDashboard.Core.Demo;
using Xunit.Abstractions;

namespace MusicDashboard.Core.Tests.Demo;

/// <summary>One small corpus (2 tracks per genre, 4 s each) shared by the read-only tests.</summary>
public sealed class SmallDemoCorpus : IDisposable
{
    public static readonly DemoCorpusOptions Options = new(TracksPerGenre: 2, Seed: 7, TrackSeconds: 4);

    public string Root { get; } = TempDir.Create("demo-small");
    public DemoCorpusResult Result { get; }
    public List<DemoProgress> Progress { get; } = [];

    public SmallDemoCorpus()
    {
        var progress = new SyncProgress<DemoProgress>(p => { lock (Progress) Progress.Add(p); });
        Result = DemoCorpus.Generate(Root, Options, progress);
    }

    public void Dispose() => TempDir.Delete(Root);
}

public class DemoCorpusTests(SmallDemoCorpus corpus, ITestOutputHelper output) : IClassFixture<SmallDemoCorpus>
{
    private static readonly string[] GtzanGenres = ["blues", "classical", "country", "disco", "hiphop", "jazz", "metal", "pop", "reggae", "rock"];

    [Fact]
    public void Has_ten_distinctly_named_genres_four_of_them_vocal()
    {
        Assert.Equal(10, DemoCorpus.GenreNames.Count);
        Assert.Equal(DemoCorpus.GenreNames.Count, DemoCorpus.GenreNames.Distinct().Count());
        Assert.All(DemoCorpus.GenreNames, g =>
        {
            Assert.Matches("^[a-z]+$", g);
            Assert.DoesNotContain(g, GtzanGenres);
        });
        Assert.Equal(4, DemoCorpus.VocalGenres.Count);
        Assert.Subset(DemoCorpus.GenreNames.ToHashSet(), DemoCorpus.VocalGenres.ToHashSet());
        Assert.Equal("synthetic demo", DemoCorpus.DatasetName);
        Assert.All(DemoCorpus.GenreNames, g => Assert.False(string.IsNullOrWhiteSpace(DemoCorpus.GenreSummaries[g])));
    }

    [Fact]
    public void Writes_the_gtzan_layout_and_reports_progress()
    {
        var genresDir = Path.Combine(corpus.Root, "genres");
        Assert.Equal(DemoCorpus.GenreNames.Order(StringComparer.Ordinal),
            Directory.GetDirectories(genresDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var genre in DemoCorpus.GenreNames)
        {
            var wavs = Directory.GetFiles(Path.Combine(genresDir, genre), "*.wav").Select(Path.GetFileName).Order(StringComparer.Ordinal);
            Assert.Equal([$"{genre}.00000.wav", $"{genre}.00001.wav"], wavs);
        }
        Assert.Empty(Directory.GetFiles(corpus.Root, "*.partial", SearchOption.AllDirectories));

        Assert.Equal(20, corpus.Result.Tracks);
        Assert.Equal(8, corpus.Result.LyricFiles);
        Assert.Equal(Path.GetFullPath(corpus.Root), corpus.Result.Root);
        Assert.Equal(20, corpus.Progress.Count);
        Assert.Equal(Enumerable.Range(1, 20), corpus.Progress.Select(p => p.Done).Order());
        Assert.All(corpus.Progress, p => Assert.Equal(20, p.Total));
        Assert.Contains(corpus.Progress, p => p.CurrentFile == "genres/drone/drone.00001.wav");
    }

    [Fact]
    public void Manifest_marks_the_corpus_synthetic_and_records_the_options()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus.Root, "demo-corpus.json")));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("synthetic").GetBoolean());
        Assert.Equal("synthetic demo", root.GetProperty("dataset").GetString());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(2, root.GetProperty("tracksPerGenre").GetInt32());
        Assert.Equal(4.0, root.GetProperty("trackSeconds").GetDouble());
        Assert.Equal(22050, root.GetProperty("sampleRate").GetInt32());
        Assert.Equal(DemoCorpus.GenreNames, root.GetProperty("genres").EnumerateArray().Select(e => e.GetString()));
        Assert.True(root.GetProperty("generatorVersion").GetInt32() >= 1);
    }

    [Fact]
    public void Every_track_is_22050_hz_mono_16_bit_of_the_requested_length()
    {
        int expectedSamples = 4 * 22050;
        foreach (var path in AllWavs(corpus.Root))
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(44 + 2 * expectedSamples, bytes.Length);
            Assert.Equal("RIFF"u8.ToArray(), bytes[0..4]);
            Assert.Equal("WAVE"u8.ToArray(), bytes[8..12]);
            Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(20)));
            Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(22)));
            Assert.Equal(22050, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)));
            Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(34)));
            Assert.Equal(2 * expectedSamples, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(40)));
        }
    }

    [Fact]
    public void Lyric_sidecars_exist_exactly_for_the_vocal_genres()
    {
        foreach (var genre in DemoCorpus.GenreNames)
        {
            var dir = Path.Combine(corpus.Root, "genres", genre);
            var txts = Directory.GetFiles(dir, "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            if (!DemoCorpus.VocalGenres.Contains(genre))
            {
                Assert.Empty(txts);
                continue;
            }
            Assert.Equal([$"{genre}.00000.txt", $"{genre}.00001.txt"], txts);
            foreach (var txt in txts)
            {
                var lines = File.ReadAllLines(Path.Combine(dir, txt!));
                Assert.InRange(lines.Length, 5, 12);
                Assert.All(lines, l => Assert.Matches("^[A-Z][A-Za-z' ,!]+$", l));
            }
        }
        // Each vocal genre speaks its own vocabulary: the two genres' lyric words barely overlap.
        var words = DemoCorpus.VocalGenres.ToDictionary(g => g, g => LyricWords(corpus.Root, g));
        foreach (var a in DemoCorpus.VocalGenres)
            foreach (var b in DemoCorpus.VocalGenres.Where(b => string.CompareOrdinal(a, b) < 0))
                Assert.True(words[a].Intersect(words[b]).Count() < words[a].Count / 2, $"{a} and {b} share most of their words");
    }

    [Fact]
    public void Tracks_are_loud_enough_and_never_clip()
    {
        foreach (var path in AllWavs(corpus.Root))
        {
            var x = ReadPcm16(path);
            double peak = x.Max(v => Math.Abs(v));
            Assert.True(peak < 1.0, $"{Path.GetFileName(path)} clips (peak {peak})");
            Assert.True(peak > 0.5, $"{Path.GetFileName(path)} is nearly silent (peak {peak})");
        }
    }

    [Fact]
    public void IsComplete_is_true_for_the_finished_corpus_only_with_its_own_options()
    {
        Assert.True(DemoCorpus.IsComplete(corpus.Root, SmallDemoCorpus.Options));
        Assert.False(DemoCorpus.IsComplete(corpus.Root, SmallDemoCorpus.Options with { Seed = 8 }));
        Assert.False(DemoCorpus.IsComplete(corpus.Root, SmallDemoCorpus.Options with { TracksPerGenre = 3 }));
        Assert.False(DemoCorpus.IsComplete(corpus.Root, SmallDemoCorpus.Options with { TrackSeconds = 5 }));
        Assert.False(DemoCorpus.IsComplete(Path.Combine(corpus.Root, "does-not-exist"), SmallDemoCorpus.Options));
    }

    /// <summary>
    /// The genres must differ musically in several independent dimensions, not just be differently coloured noise:
    /// loudness (compressed vs dynamic), brightness/noisiness (zero-crossing rate) and rhythmic activity (onsets).
    /// </summary>
    [Fact]
    public void Genres_differ_in_level_brightness_and_rhythm()
    {
        var stats = DemoCorpus.GenreNames.ToDictionary(g => g, g =>
        {
            var tracks = Directory.GetFiles(Path.Combine(corpus.Root, "genres", g), "*.wav").Select(ReadPcm16).ToList();
            return (Rms: tracks.Average(RmsDb), Zcr: tracks.Average(ZeroCrossingsPerSecond), Onsets: tracks.Average(OnsetsPerSecond));
        });

        foreach (var (genre, s) in stats)
            output.WriteLine($"{genre,-10} rms {s.Rms,6:F1} dB  zcr {s.Zcr,6:F0}/s  onsets {s.Onsets,5:F2}/s");

        // Spread across genres in each dimension.
        Assert.True(stats.Values.Max(s => s.Rms) - stats.Values.Min(s => s.Rms) > 6, "RMS levels barely differ");
        Assert.True(stats.Values.Max(s => s.Zcr) > 2.5 * stats.Values.Min(s => s.Zcr), "zero-crossing rates barely differ");
        Assert.True(stats.Values.Max(s => s.Onsets) - stats.Values.Min(s => s.Onsets) > 2, "onset rates barely differ");

        // Musical expectations, each along a different dimension.
        Assert.True(stats["noisecore"].Rms > stats["balladry"].Rms + 4, "noisecore should be much denser/louder than balladry");
        Assert.True(stats["noisecore"].Zcr > 2 * stats["drone"].Zcr, "noisecore should be far brighter than drone");
        Assert.True(stats["drone"].Onsets < 0.5, "drone should have (almost) no attacks");
        Assert.True(stats["chiptune"].Onsets > 2, "chiptune should be busy");

        // The dimensions are not one in disguise: drone is louder than chiptune yet has far fewer onsets.
        Assert.True(stats["drone"].Rms > stats["chiptune"].Rms && stats["drone"].Onsets < stats["chiptune"].Onsets - 1);
    }

    private static HashSet<string> LyricWords(string root, string genre) =>
        Directory.GetFiles(Path.Combine(root, "genres", genre), "*.txt")
            .SelectMany(File.ReadAllLines)
            .SelectMany(l => l.ToLowerInvariant().Split([' ', ',', '!'], StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length > 3)
            .ToHashSet();

    internal static IEnumerable<string> AllWavs(string root) =>
        Directory.GetFiles(Path.Combine(root, "genres"), "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    internal static float[] ReadPcm16(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var x = new float[(bytes.Length - 44) / 2];
        for (int i = 0; i < x.Length; i++) x[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + 2 * i)) / 32768f;
        return x;
    }

    private static double RmsDb(float[] x) => 10 * Math.Log10(x.Average(v => (double)v * v) + 1e-12);

    private static double ZeroCrossingsPerSecond(float[] x)
    {
        int crossings = 0;
        for (int i = 1; i < x.Length; i++)
            if ((x[i] >= 0) != (x[i - 1] >= 0)) crossings++;
        return crossings / (x.Length / 22050.0);
    }

    /// <summary>Attacks per second: 23 ms frames of the first difference (transients stand out), counting frames at
    /// least 6 dB above both previous frames and within 40 dB of the loudest.</summary>
    private static double OnsetsPerSecond(float[] x)
    {
        const int frame = 512;
        int frames = (x.Length - 1) / frame;
        var energy = new double[frames];
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            for (int i = f * frame + 1; i <= (f + 1) * frame; i++) { double d = x[i] - x[i - 1]; sum += d * d; }
            energy[f] = 10 * Math.Log10(sum / frame + 1e-12);
        }
        double max = energy.Max();
        int onsets = 0;
        for (int f = 2; f < frames; f++)
            if (energy[f] - Math.Max(energy[f - 1], energy[f - 2]) > 6 && energy[f] > max - 40) onsets++;
        return onsets / (x.Length / 22050.0);
    }
}

public class DemoCorpusGenerationTests : IDisposable
{
    private static readonly DemoCorpusOptions Tiny = new(TracksPerGenre: 1, Seed: 42, TrackSeconds: 3);
    private readonly List<string> _dirs = [];

    private string NewDir()
    {
        var dir = TempDir.Create("demo");
        _dirs.Add(dir);
        return dir;
    }

    public void Dispose()
    {
        foreach (var d in _dirs) TempDir.Delete(d);
    }

    [Fact]
    public void Same_seed_gives_byte_identical_files_and_another_seed_different_ones()
    {
        var a = NewDir();
        var b = NewDir();
        var c = NewDir();
        DemoCorpus.Generate(a, Tiny);
        DemoCorpus.Generate(b, Tiny);
        DemoCorpus.Generate(c, Tiny with { Seed = 43 });

        var filesA = Relative(a);
        Assert.Equal(filesA, Relative(b));
        Assert.Equal(10 + 4 + 1, filesA.Count); // wavs, lyric sidecars, manifest
        foreach (var f in filesA)
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), $"{f} differs between two runs");

        foreach (var f in filesA.Where(f => f.EndsWith(".wav", StringComparison.Ordinal)))
            Assert.False(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(c, f))), $"{f} is the same for seeds 42 and 43");
    }

    [Fact]
    public void Tracks_within_a_genre_differ()
    {
        var dir = NewDir();
        DemoCorpus.Generate(dir, Tiny with { TracksPerGenre = 2 });
        foreach (var genre in DemoCorpus.GenreNames)
        {
            var first = File.ReadAllBytes(Path.Combine(dir, "genres", genre, $"{genre}.00000.wav"));
            var second = File.ReadAllBytes(Path.Combine(dir, "genres", genre, $"{genre}.00001.wav"));
            Assert.False(first.AsSpan().SequenceEqual(second), $"{genre} tracks 0 and 1 are identical");
        }
    }

    [Fact]
    public void IsComplete_is_false_for_an_empty_partial_or_damaged_folder()
    {
        var dir = NewDir();
        Assert.False(DemoCorpus.IsComplete(dir, Tiny));

        DemoCorpus.Generate(dir, Tiny);
        Assert.True(DemoCorpus.IsComplete(dir, Tiny));

        // A track missing.
        var wav = Path.Combine(dir, "genres", "techno", "techno.00000.wav");
        var saved = File.ReadAllBytes(wav);
        File.Delete(wav);
        Assert.False(DemoCorpus.IsComplete(dir, Tiny));

        // A truncated track (a crash half-way through a copy).
        File.WriteAllBytes(wav, saved[..(saved.Length / 2)]);
        Assert.False(DemoCorpus.IsComplete(dir, Tiny));
        File.WriteAllBytes(wav, saved);
        Assert.True(DemoCorpus.IsComplete(dir, Tiny));

        // A lyric sidecar missing.
        File.Delete(Path.Combine(dir, "genres", "polka", "polka.00000.txt"));
        Assert.False(DemoCorpus.IsComplete(dir, Tiny));

        // No manifest: generation never finished.
        DemoCorpus.Generate(dir, Tiny);
        File.Delete(Path.Combine(dir, "demo-corpus.json"));
        Assert.False(DemoCorpus.IsComplete(dir, Tiny));

        // A corrupt manifest.
        File.WriteAllText(Path.Combine(dir, "demo-corpus.json"), "{ not json");
        Assert.False(DemoCorpus.IsComplete(dir, Tiny));
    }

    [Fact]
    public void Regenerating_with_fewer_tracks_removes_the_stale_ones()
    {
        var dir = NewDir();
        DemoCorpus.Generate(dir, Tiny with { TracksPerGenre = 2 });
        DemoCorpus.Generate(dir, Tiny);
        Assert.True(DemoCorpus.IsComplete(dir, Tiny));
        Assert.False(File.Exists(Path.Combine(dir, "genres", "ambient", "ambient.00001.wav")));
        Assert.False(File.Exists(Path.Combine(dir, "genres", "polka", "polka.00001.txt")));
        Assert.Equal(10, Directory.GetFiles(dir, "*.wav", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void Cancellation_stops_generation_and_leaves_an_incomplete_corpus()
    {
        var dir = NewDir();
        using var cts = new CancellationTokenSource();
        int reports = 0;
        var progress = new SyncProgress<DemoProgress>(_ => { Interlocked.Increment(ref reports); cts.Cancel(); });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            DemoCorpus.Generate(dir, Tiny with { TracksPerGenre = 5 }, progress, cts.Token));

        Assert.InRange(reports, 1, 10); // stopped long before the 50 tracks
        Assert.False(DemoCorpus.IsComplete(dir, Tiny with { TracksPerGenre = 5 }));
        Assert.False(File.Exists(Path.Combine(dir, "demo-corpus.json")));
        Assert.Empty(Directory.GetFiles(dir, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_already_cancelled_token_writes_no_tracks()
    {
        var dir = NewDir();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => DemoCorpus.Generate(dir, Tiny, ct: cts.Token));
        Assert.Empty(Directory.GetFiles(dir, "*.wav", SearchOption.AllDirectories));
        Assert.False(DemoCorpus.IsComplete(dir, Tiny));
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        var dir = NewDir();
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoCorpus.Generate(dir, Tiny with { TracksPerGenre = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoCorpus.Generate(dir, Tiny with { TrackSeconds = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoCorpus.Generate(dir, Tiny with { SampleRate = 100 }));
        Assert.False(DemoCorpus.IsComplete(dir, Tiny with { TracksPerGenre = 0 }));
    }

    private static List<string> Relative(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal)
            .ToList();
}

/// <summary>IProgress that reports synchronously on the reporting thread (Progress&lt;T&gt; posts asynchronously).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

internal static class TempDir
{
    public static string Create(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void Delete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
