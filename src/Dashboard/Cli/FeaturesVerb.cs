using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Features;
using MusicDashboard.Dashboard.Hosting;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// Features out of audio, two ways: a whole collection to a CSV with one row per clip (track, clip, offset, genre, then
/// the feature columns: what `cluster --csv` reads), through the feature cache in the data folder; or one file to JSON
/// with every array in librosa's orientation ([bins][frames]) over the whole file.
/// </summary>
public static class FeaturesVerb
{
    public static readonly string[] Kinds = ["mfcc-mean", "mfcc-meanstd", "summary", "gtzan57"];

    public static Verb Definition { get; } = new("features", "extract features: a collection to CSV (one row per clip), or one file to JSON (full arrays)",
    [
        new("dataset", "dir|demo", "collection (GTZAN layout or any folder of audio; 'demo' = the synthetic demo corpus): writes CSV"),
        new("input", "audio file", "one audio file: writes JSON with mel_power, mel_db, mfcc, chroma, spectral arrays"),
        new("out", "file", "the CSV (with --dataset) or JSON (with --input) to write", Required: true),
        new("kind", "name", $"with --dataset: {string.Join(" | ", Kinds)} (default mfcc-mean; gtzan57 = Kaggle's 57-column GTZAN table, 20 MFCC, use --clip-seconds 30 for whole GTZAN files)"),
        new("n-mfcc", "N", "MFCC coefficients (default 40 with --dataset, 20 with --input as librosa)"),
        new("clip-seconds", "S", "clip length (default 10)"),
        new("hop-seconds", "S", "clip hop (default: the clip length)"),
        new("pad-last", null, "zero-pad the last partial clip instead of dropping it"),
        new("sr", "N", "sample rate to resample to (default 22050 with --dataset; the file's own rate with --input)"),
        new("n-fft", "N", "FFT size (default 2048)"),
        new("hop", "N", "STFT hop in samples (default 512)"),
        new("n-mels", "N", "mel bands (default 128)"),
        new("htk", null, "HTK mel scale instead of Slaney's"),
        new("reflect", null, "reflect-pad the centred STFT (librosa <= 0.9) instead of zero padding (librosa 0.10)"),
        new("onset-median", null, "with --kind gtzan57: tempo from the median over mel bands of the onset envelope (Kaggle's table; with --reflect it reproduces features_30_sec.csv)"),
        new("no-cache", null, "with --dataset: neither read nor write the feature cache"),
    ], RunAsync);

    private static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        if (a.Has("dataset") == a.Has("input"))
            throw new UsageException("features: give either --dataset (collection to CSV) or --input (one file to JSON)");
        var paths = AppConfiguration.LoadPathsForCompute();
        var outPath = Path.GetFullPath(a.Require("out"));
        var settings = Settings(a, a.Has("input"));
        try
        {
            return Task.FromResult(a.Has("input") ? OneFile(a.Require("input"), settings, outPath) : Collection(a, settings, paths, outPath, ct));
        }
        catch (Exception e) when (e is AudioDecodeException or DatasetException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Task.FromResult(1);
        }
    }

    private static MfccSettings Settings(ParsedArgs a, bool singleFile)
    {
        var s = new MfccSettings(
            SampleRate: a.GetInt("sr", singleFile ? 0 : 22050, singleFile ? 0 : 1000, 384000),
            NFft: a.GetInt("n-fft", 2048, 16, 65536),
            Hop: a.GetInt("hop", 512, 1, 65536),
            NMels: a.GetInt("n-mels", 128, 1, 4096),
            NMfcc: a.GetInt("n-mfcc", singleFile ? 20 : 40, 1, 4096),
            Htk: a.Has("htk"),
            Pad: a.Has("reflect") ? PadMode.Reflect : PadMode.Constant);
        try { (s.SampleRate == 0 ? s with { SampleRate = 22050 } : s).Validate(); }
        catch (ArgumentException e) { throw new UsageException($"features: {e.Message}"); }
        return s;
    }

    private static double GetSeconds(ParsedArgs a, string name, double fallback)
    {
        var s = a.Get(name);
        if (s is null) return fallback;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0) || v > 3600)
            throw new UsageException($"features: --{name} must be a number of seconds in (0, 3600], got '{s}'");
        return v;
    }

    private static int Collection(ParsedArgs a, MfccSettings settings, AppPaths paths, string outPath, CancellationToken ct)
    {
        var kind = a.Get("kind") ?? "mfcc-mean";
        if (!Kinds.Contains(kind)) throw new UsageException($"features: unknown --kind '{kind}' ({string.Join(" | ", Kinds)})");
        if (a.Has("input")) throw new UsageException("features: --input and --dataset exclude each other");
        var seconds = GetSeconds(a, "clip-seconds", 10);
        var policy = new ClipPolicy(seconds, GetSeconds(a, "hop-seconds", seconds), a.Has("pad-last"));
        var (root, name) = ReproduceVerb.ResolveDataset(a.Require("dataset"), paths, ct);
        var scan = DatasetScanner.Scan(root, name);
        var cacheDir = a.Has("no-cache") ? null : paths.FeatureCacheFolder;
        if (kind == "mfcc-meanstd") settings = settings with { Pooling = MfccPooling.MeanStd };
        if (a.Has("onset-median") && kind != "gtzan57") throw new UsageException("features: --onset-median applies to --kind gtzan57 only");
        if (kind == "gtzan57")
        {
            if (a.Has("n-mfcc") && settings.NMfcc != GtzanSummaryFeatures.NMfcc)
                throw new UsageException($"features: --kind gtzan57 has {GtzanSummaryFeatures.NMfcc} MFCC by definition, --n-mfcc {settings.NMfcc} does not apply");
            settings = GtzanSummaryFeatures.Effective(settings);
        }
        Console.WriteLine($"[features] {scan.Files.Count} files in {scan.Root}; {kind}, {policy.Seconds:0.##}-s clips every {policy.HopSeconds:0.##} s; " +
            $"sr {settings.SampleRate}, n_fft {settings.NFft}, hop {settings.Hop}, {settings.NMels} {(settings.Htk ? "HTK" : "Slaney")} mels, {settings.NMfcc} MFCC; " +
            (cacheDir is null ? "no cache" : $"cache {cacheDir}"));
        var watch = Stopwatch.StartNew();
        var lastPercent = -1;
        var progress = new SyncProgress<(int Done, int Total)>(p =>
        {
            var percent = 100 * p.Done / Math.Max(1, p.Total);
            if (percent / 10 == lastPercent / 10 && p.Done != p.Total) return;
            lastPercent = percent;
            Console.WriteLine($"[features] {p.Done}/{p.Total} tracks ({percent}%)");
        });
        var table = kind switch
        {
            "summary" => CollectionFeatures.ExtractSummary(scan, policy, settings, new SummarySettings(), progress, ct, cacheDir),
            "gtzan57" => CollectionFeatures.ExtractGtzanSummary(scan, policy, settings, progress, ct, cacheDir,
                a.Has("onset-median") ? GtzanSummarySettings.Kaggle : new GtzanSummarySettings()),
            _ => CollectionFeatures.Extract(scan, policy, settings, progress, ct, cacheDir),
        };
        WriteCsv(table, outPath);
        foreach (var s in table.Skipped) Console.WriteLine($"[features] skipped {s.Path}: {s.Reason}");
        Console.WriteLine($"[features] wrote {table.Features.Length} clips x {table.ColumnNames.Count} features from {table.TracksUsed} tracks to {outPath} " +
            $"in {watch.Elapsed.TotalSeconds:0.0} s; {table.Skipped.Count} file(s) skipped" +
            (table.Cache is { } c ? $"; cache: {c.Hits} hits, {c.Misses} computed, {c.Corrupt} corrupt entries recomputed" : ""));
        Console.WriteLine($"[features] cluster it: musicdash cluster --csv {outPath} --label-column genre --drop-columns track,clip,offset_seconds --out <result.json>");
        return 0;
    }

    /// <summary>track, clip, offset_seconds, genre, then the feature columns; numbers in invariant culture, round-trip precision.</summary>
    public static void WriteCsv(ClipFeatureTable table, string path) =>
        Csv.WriteFile(path, ["track", "clip", "offset_seconds", "genre", .. table.ColumnNames],
            table.Clips.Select((c, i) => (IEnumerable<object?>)[c.Track.RelativePath, c.ClipIndex, c.OffsetSeconds, c.Track.Genre ?? "", .. table.Features[i].Cast<object?>()]));

    private static int OneFile(string input, MfccSettings settings, string outPath)
    {
        var audio = AudioLoader.Load(Path.GetFullPath(input), settings.SampleRate);
        settings = settings with { SampleRate = audio.SampleRate };
        try { settings.Validate(); }
        catch (ArgumentException e) { throw new UsageException($"features: {e.Message} (the file's own rate is {audio.SampleRate} Hz)"); }
        if (audio.Samples.Length <= settings.NFft / 2 && settings.Pad == PadMode.Reflect)
            throw new UsageException($"features: {input} is too short for reflect padding");
        var watch = Stopwatch.StartNew();
        var f = SummaryFeatures.Arrays(audio.Samples, settings, new SummarySettings());
        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        using (var stream = File.Create(outPath))
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("file", Path.GetFullPath(input));
            w.WriteNumber("sample_rate", f.SampleRate);
            w.WriteNumber("duration_seconds", audio.DurationSeconds);
            w.WriteNumber("n_fft", settings.NFft);
            w.WriteNumber("hop_length", settings.Hop);
            w.WriteNumber("n_frames", f.Mfcc.GetLength(1));
            w.WriteString("orientation", "[bins][frames], as librosa");
            w.WriteNumber("chroma_tuning", f.ChromaTuning);
            Matrix(w, "mel_power", f.MelPower);
            Matrix(w, "mel_db", f.MelDb);
            Matrix(w, "mfcc", f.Mfcc);
            Matrix(w, "chroma", f.Chroma);
            Row(w, "spectral_centroid", f.SpectralCentroid);
            Row(w, "spectral_bandwidth", f.SpectralBandwidth);
            Row(w, "spectral_rolloff", f.SpectralRolloff);
            Row(w, "zcr", f.ZeroCrossingRate);
            Row(w, "rms", f.Rms);
            w.WriteEndObject();
        }
        Console.WriteLine($"[features] {input}: {audio.DurationSeconds:0.##} s at {audio.SampleRate} Hz -> {f.Mfcc.GetLength(1)} frames " +
            $"(chroma tuning {f.ChromaTuning:0.00}) in {watch.Elapsed.TotalMilliseconds:0} ms; wrote {outPath}");
        return 0;
    }

    private static void Matrix(Utf8JsonWriter w, string name, float[,] m)
    {
        w.WriteStartArray(name);
        for (var r = 0; r < m.GetLength(0); r++)
        {
            w.WriteStartArray();
            for (var t = 0; t < m.GetLength(1); t++) w.WriteNumberValue(m[r, t]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    // librosa returns these as [1][frames]; kept in that shape so the same reader handles every key.
    private static void Row(Utf8JsonWriter w, string name, float[] values)
    {
        w.WriteStartArray(name);
        w.WriteStartArray();
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
        w.WriteEndArray();
    }
}
