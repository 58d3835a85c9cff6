using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Demo;

/// <summary>
/// The embedded default dataset: a procedurally generated, seeded collection of ten synthetic genres written in the
/// GTZAN layout (<c>genres/&lt;genre&gt;/&lt;genre&gt;.000NN.wav</c>, 22050 Hz mono 16-bit, 30 s), with a lyric sidecar
/// <c>&lt;genre&gt;.000NN.txt</c> beside every track of the vocal genres. The same seed and options always give
/// byte-identical files: every track has its own random stream derived from (seed, genre, index), and all the maths
/// is reproducible (see <see cref="DetMath"/>). It is synthetic and labelled so (<see cref="DatasetName"/>, and the
/// manifest's <c>"synthetic": true</c>).
/// </summary>
public static class DemoCorpus
{
    public const string DatasetName = "synthetic demo";
    public const string ManifestFileName = "demo-corpus.json";
    public const string GeneratorName = "MusicDashboard.Core.Demo";

    /// <summary>Bump whenever the synthesis changes the bytes it writes, so old corpora are regenerated.</summary>
    public const int GeneratorVersion = 1;

    private const string PartialSuffix = ".partial";

    public static IReadOnlyList<string> GenreNames { get; } = GenreProfiles.All.Select(p => p.Name).ToArray();

    public static IReadOnlyList<string> VocalGenres { get; } =
        GenreProfiles.All.Where(p => p.Voice != VoiceStyle.None).Select(p => p.Name).ToArray();

    /// <summary>One line per genre on what makes it sound the way it does (for tooltips and reports).</summary>
    public static IReadOnlyDictionary<string, string> GenreSummaries { get; } =
        GenreProfiles.All.ToDictionary(p => p.Name, p => p.Summary, StringComparer.Ordinal);

    public static string TrackFileName(string genre, int index) => $"{genre}.{index:D5}.wav";

    public static string LyricsFileName(string genre, int index) => $"{genre}.{index:D5}.txt";

    /// <summary>
    /// Writes the corpus into <paramref name="outDir"/> (created if needed), replacing any previous demo files
    /// there, and writes the manifest last. Files appear under their final names only when complete, and the
    /// manifest is removed first, so an interrupted run is never mistaken for a finished corpus.
    /// Tracks are rendered in parallel (each with its own random stream, so the bytes do not depend on scheduling);
    /// <paramref name="progress"/> is called from worker threads once per finished track.
    /// Throws <see cref="OperationCanceledException"/> when cancelled; what was written stays, but without a manifest.
    /// </summary>
    public static DemoCorpusResult Generate(string outDir, DemoCorpusOptions options, IProgress<DemoProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var watch = Stopwatch.StartNew();
        var root = Path.GetFullPath(outDir);
        var genresDir = Path.Combine(root, "genres");
        Directory.CreateDirectory(genresDir);
        File.Delete(Path.Combine(root, ManifestFileName));
        foreach (var genre in GenreNames) Directory.CreateDirectory(Path.Combine(genresDir, genre));

        int samples = SampleCount(options);
        var profiles = GenreProfiles.All;
        int total = profiles.Count * options.TracksPerGenre, done = 0, lyricFiles = 0;
        var parallel = new ParallelOptions { CancellationToken = ct };
        try
        {
            // Interleave genres so partial progress covers all of them; each track is independent of the others.
            Parallel.For(0, total, parallel,
                () => new TrackRenderer(samples, options.SampleRate),
                (k, _, renderer) =>
                {
                    ct.ThrowIfCancellationRequested();
                    var profile = profiles[k % profiles.Count];
                    int index = k / profiles.Count;
                    var dir = Path.Combine(genresDir, profile.Name);

                    IReadOnlyList<string>? lyrics = null;
                    if (profile.Voice != VoiceStyle.None)
                        lyrics = LyricsWriter.Write(profile.Name, Prng.For(options.Seed, profile.Name, index, "lyrics"));
                    var audio = RenderTrack(renderer, profile, index, options, lyrics, ct);

                    var wavPath = Path.Combine(dir, TrackFileName(profile.Name, index));
                    WavWriter.WritePcm16(wavPath + PartialSuffix, audio, options.SampleRate);
                    File.Move(wavPath + PartialSuffix, wavPath, overwrite: true);
                    if (lyrics is not null)
                    {
                        var txtPath = Path.Combine(dir, LyricsFileName(profile.Name, index));
                        File.WriteAllText(txtPath + PartialSuffix, string.Join('\n', lyrics) + "\n", new UTF8Encoding(false));
                        File.Move(txtPath + PartialSuffix, txtPath, overwrite: true);
                        Interlocked.Increment(ref lyricFiles);
                    }
                    int finished = Interlocked.Increment(ref done);
                    progress?.Report(new DemoProgress(finished, total, $"genres/{profile.Name}/{TrackFileName(profile.Name, index)}"));
                    return renderer;
                },
                _ => { });
        }
        catch (AggregateException ex) when (ct.IsCancellationRequested && ex.InnerExceptions.All(e => e is OperationCanceledException))
        {
            RemovePartials(genresDir);
            throw new OperationCanceledException("demo corpus generation was cancelled", ex, ct);
        }
        catch
        {
            RemovePartials(genresDir);
            throw;
        }

        RemoveStale(genresDir, options);
        WriteManifest(root, options, total, lyricFiles);
        return new DemoCorpusResult(root, total, lyricFiles, watch.Elapsed);
    }

    /// <summary>True when <paramref name="outDir"/> holds a finished corpus of exactly these options and this generator
    /// version: manifest present and matching, every track present with the expected size, every sidecar present.</summary>
    public static bool IsComplete(string outDir, DemoCorpusOptions options)
    {
        try
        {
            Validate(options);
            var root = Path.GetFullPath(outDir);
            var manifestPath = Path.Combine(root, ManifestFileName);
            if (!File.Exists(manifestPath)) return false;
            var manifest = JsonSerializer.Deserialize<DemoManifest>(File.ReadAllText(manifestPath), JsonOptions);
            if (manifest is null || !manifest.Synthetic || manifest.GeneratorVersion != GeneratorVersion ||
                manifest.Seed != options.Seed || manifest.TracksPerGenre != options.TracksPerGenre ||
                manifest.TrackSeconds != options.TrackSeconds || manifest.SampleRate != options.SampleRate ||
                !manifest.Genres.SequenceEqual(GenreNames))
                return false;

            long wavBytes = WavWriter.HeaderBytes + 2L * SampleCount(options);
            foreach (var genre in GenreNames)
            {
                var dir = Path.Combine(root, "genres", genre);
                bool vocal = VocalGenres.Contains(genre);
                for (int i = 0; i < options.TracksPerGenre; i++)
                {
                    var wav = new FileInfo(Path.Combine(dir, TrackFileName(genre, i)));
                    if (!wav.Exists || wav.Length != wavBytes) return false;
                    if (vocal && !File.Exists(Path.Combine(dir, LyricsFileName(genre, i)))) return false;
                }
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    private static ReadOnlySpan<float> RenderTrack(TrackRenderer renderer, GenreProfile profile, int index, DemoCorpusOptions options,
        IReadOnlyList<string>? lyrics, CancellationToken ct)
    {
        var rng = Prng.For(options.Seed, profile.Name, index, "music");
        var plan = TrackComposer.Plan(profile, rng);
        var vowels = lyrics is null ? [] : LyricsWriter.SyllableVowels(lyrics);
        var score = TrackComposer.Compose(plan, options.TrackSeconds, rng, vowels);
        return renderer.Render(plan, score, rng, ct);
    }

    private static int SampleCount(DemoCorpusOptions o) => (int)Math.Round(o.TrackSeconds * o.SampleRate);

    private static void Validate(DemoCorpusOptions o)
    {
        if (o.TracksPerGenre is < 1 or > 99999)
            throw new ArgumentOutOfRangeException(nameof(o.TracksPerGenre), o.TracksPerGenre, "tracks per genre must be 1..99999");
        if (!(o.TrackSeconds >= 0.5 && o.TrackSeconds <= 600))
            throw new ArgumentOutOfRangeException(nameof(o.TrackSeconds), o.TrackSeconds, "track length must be 0.5..600 seconds");
        if (o.SampleRate is < 8000 or > 192000)
            throw new ArgumentOutOfRangeException(nameof(o.SampleRate), o.SampleRate, "sample rate must be 8000..192000 Hz");
    }

    private static void RemovePartials(string genresDir)
    {
        foreach (var genre in GenreNames)
        {
            var dir = Path.Combine(genresDir, genre);
            if (!Directory.Exists(dir)) continue;
            foreach (var f in Directory.EnumerateFiles(dir, "*" + PartialSuffix))
                TryDelete(f);
        }
    }

    /// <summary>Deletes demo files a previous, larger (or differently voiced) generation left behind.</summary>
    private static void RemoveStale(string genresDir, DemoCorpusOptions options)
    {
        foreach (var genre in GenreNames)
        {
            var dir = Path.Combine(genresDir, genre);
            bool vocal = VocalGenres.Contains(genre);
            var expected = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < options.TracksPerGenre; i++)
            {
                expected.Add(TrackFileName(genre, i));
                if (vocal) expected.Add(LyricsFileName(genre, i));
            }
            foreach (var path in Directory.EnumerateFiles(dir))
            {
                var name = Path.GetFileName(path);
                if (expected.Contains(name)) continue;
                if (name.EndsWith(PartialSuffix, StringComparison.Ordinal) || IsDemoFileName(genre, name))
                    TryDelete(path);
            }
        }
    }

    private static bool IsDemoFileName(string genre, string name) =>
        name.Length == genre.Length + 10 && name.StartsWith(genre + ".", StringComparison.Ordinal) &&
        name.AsSpan(genre.Length + 1, 5).IndexOfAnyExceptInRange('0', '9') < 0 &&
        (name.EndsWith(".wav", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.Ordinal));

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record DemoManifest(
        string Dataset, bool Synthetic, string Generator, int GeneratorVersion, int Seed, int TracksPerGenre,
        double TrackSeconds, int SampleRate, string[] Genres, string[] VocalGenres, int Tracks, int LyricFiles);

    private static void WriteManifest(string root, DemoCorpusOptions o, int tracks, int lyricFiles)
    {
        var manifest = new DemoManifest(DatasetName, true, GeneratorName, GeneratorVersion, o.Seed, o.TracksPerGenre,
            o.TrackSeconds, o.SampleRate, [.. GenreNames], [.. VocalGenres], tracks, lyricFiles);
        var path = Path.Combine(root, ManifestFileName);
        File.WriteAllText(path + PartialSuffix, JsonSerializer.Serialize(manifest, JsonOptions) + "\n", new UTF8Encoding(false));
        File.Move(path + PartialSuffix, path, overwrite: true);
    }
}
