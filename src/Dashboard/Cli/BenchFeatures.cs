using System.Diagnostics;
using System.Text.Json;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Dashboard.Hosting;
using TorchSharp;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// `bench features`: median milliseconds per 30-s track of each stage (decode, STFT, mel, MFCC, chroma) and end to end
/// (decode + clips + pooled MFCC + log-mel images; and with chroma), the feature-cache hit, clips per second and peak
/// memory. By default on the fixture signal_b.wav, the very 30-s signal librosa's timings were taken on; with --dataset on
/// up to 8 tracks of a collection (scaled to 30 s). librosa cannot be installed here, so its figures are read from the
/// fixtures' timings.json (measured when the fixtures were made, on this kind of machine), never from this run.
/// </summary>
public static class BenchFeatures
{
    // The fixtures' README also measured librosa with OpenBLAS (the fair BLAS for a speed comparison); those four figures
    // are only in its text (tests/fixtures/librosa/README.md, "librosa timings"), quoted here with that attribution.
    private static readonly Dictionary<string, double> LibrosaOpenBlasMs = new()
    {
        ["stft"] = 10.8, ["melspectrogram"] = 15.5, ["mfcc20"] = 16.2, ["chroma_stft"] = 48,
    };

    private sealed record Row(string Stage, (double Wall, double Cpu) Ours, string? LibrosaKey, string Note = "")
    {
        public double OursMs => Ours.Wall;
    }

    public static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var paths = AppConfiguration.LoadPathsForCompute();
        var repeats = a.GetInt("repeats", 5, 1, 100);
        var fixtures = FindFixtures(paths.BaseDirectory);

        List<string> files;
        if (a.Get("dataset") is { } dataset)
        {
            try
            {
                var (root, name) = ReproduceVerb.ResolveDataset(dataset, paths, ct);
                files = DatasetScanner.Scan(root, name).Files.Take(8).Select(f => f.FullPath).ToList();
            }
            catch (DatasetException e) { Console.Error.WriteLine($"error: {e.Message}"); return Task.FromResult(1); }
        }
        else if (fixtures is not null) files = [Path.Combine(fixtures, "signal_b.wav")];
        else
        {
            Console.Error.WriteLine("error: tests/fixtures/librosa/signal_b.wav not found beside the configuration folder; give --dataset <dir|demo>");
            return Task.FromResult(1);
        }

        var settings = new MfccSettings(NMfcc: 20); // librosa.feature.mfcc's default, as timed in timings.json
        var audio = new List<AudioBuffer>();
        var policy = new ClipPolicy();
        var usable = new List<string>();
        foreach (var f in files)
        {
            try
            {
                var decoded = AudioLoader.Load(f, settings.SampleRate);
                if (decoded.DurationSeconds < policy.Seconds) { Console.Error.WriteLine($"[bench] skipped {Path.GetFileName(f)}: shorter than one {policy.Seconds:0}-s clip"); continue; }
                audio.Add(decoded);
                usable.Add(f);
            }
            catch (AudioDecodeException e) { Console.Error.WriteLine($"[bench] skipped {e.Message}"); }
        }
        files = usable;
        if (audio.Count == 0) { Console.Error.WriteLine("error: no decodable track to time"); return Task.FromResult(1); }
        var scale = audio.Select(b => 30.0 / b.DurationSeconds).ToList(); // every figure per 30 s of audio
        Console.WriteLine($"[bench] features: {audio.Count} track(s) ({string.Join(", ", files.Select(Path.GetFileName))}), figures in ms per 30-s track at 22050 Hz, " +
            $"median of {repeats} after a warm-up; {Environment.ProcessorCount} cores, {TorchRuntime.Threads} torch threads, device {TorchRuntime.Device}");

        // Wall time is the figure; the process's CPU time beside it shows how much of the wall time was waiting for a core
        // on a busy machine (it includes every thread of ours, the GC's too).
        var process = Process.GetCurrentProcess();
        (double Wall, double Cpu) PerTrack(Action<int> work)
        {
            for (var i = 0; i < audio.Count; i++) work(i); // warm-up: JIT, filter banks, allocator
            var wall = new List<double>();
            var cpu = new List<double>();
            for (var r = 0; r < repeats; r++)
                for (var i = 0; i < audio.Count; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    process.Refresh();
                    var cpu0 = process.TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    work(i);
                    wall.Add(sw.Elapsed.TotalMilliseconds * scale[i]);
                    process.Refresh();
                    cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds * scale[i]);
                }
            wall.Sort();
            cpu.Sort();
            return (wall[wall.Count / 2], cpu[cpu.Count / 2]);
        }

        void Scoped(Func<torch.Tensor, torch.Tensor> f, float[] y)
        {
            using var scope = torch.NewDisposeScope();
            _ = f(Spectrogram.Stack([y])).sum().item<float>(); // forces the result, as a caller reading it would
        }

        var rows = new List<Row>
        {
            new("decode (read + WAV/AU decode)", PerTrack(i => AudioLoader.Load(files[i], settings.SampleRate)), null),
            new("stft (power, whole track)", PerTrack(i => Scoped(y => Spectrogram.Power(y, 2048, 512), audio[i].Samples)), "stft"),
            new("mel power", PerTrack(i => Scoped(y => Spectrogram.MelPower(y, 22050, 2048, 512, 128), audio[i].Samples)), "melspectrogram"),
            new("mfcc (20)", PerTrack(i => MfccFeatures.Compute(audio[i].Samples, settings)), "mfcc20"),
            new("chroma (tuning estimated)", PerTrack(i => Scoped(y => Chroma.FromPower(Spectrogram.Power(y, 2048, 512), 22050, 2048, 12, null, out _), audio[i].Samples)), "chroma_stft"),
            new("chroma (tuning 0)", PerTrack(i => Scoped(y => Chroma.FromPower(Spectrogram.Power(y, 2048, 512), 22050, 2048, 12, 0.0, out _), audio[i].Samples)), "chroma_stft_tuning0"),
        };
        var endToEndTimes = PerTrack(i =>
        {
            var clips = Clipper.Cut(AudioLoader.Load(files[i], settings.SampleRate), policy).Select(c => c.Samples).ToList();
            MfccFeatures.PooledAndImages(clips, settings); // one mel spectrogram per clip for both
        });
        var endToEnd = endToEndTimes.Wall;
        rows.Add(new("decode + MFCC + log-mel (3 clips)", endToEndTimes, "mfcc20", "librosa: mfcc20 alone, no decode"));
        var withChromaTimes = PerTrack(i =>
        {
            var clips = Clipper.Cut(AudioLoader.Load(files[i], settings.SampleRate), policy).Select(c => c.Samples).ToList();
            SummaryFeatures.Batch(clips, settings with { Pooling = MfccPooling.MeanStd }, new SummarySettings());
            MfccFeatures.LogMelImages(clips, settings);
        });
        var withChroma = withChromaTimes.Wall;
        rows.Add(new("decode + mel + MFCC + chroma + spectral + log-mel", withChromaTimes, "mfcc20+chroma_stft", "librosa: mfcc20 + chroma_stft, no decode"));
        rows.Add(new("feature-cache hit (hash + read)", (CacheHit(files, settings, policy, repeats, ct), double.NaN), null));

        var librosa = ReadTimings(fixtures);
        Console.WriteLine($"[bench] load average {LoadAverage()} on {Environment.ProcessorCount} cores (figures from a busy machine are slower than the code is)");
        Console.WriteLine($"[bench] {"stage",-50} {"ours",9} {"(CPU)",8}   {"librosa*",9} {"ratio",7}   {"librosa OpenBLAS**",18} {"ratio",7}");
        foreach (var r in rows)
        {
            var line = $"[bench] {r.Stage,-50} {r.OursMs,9:0.00} {(double.IsNaN(r.Ours.Cpu) ? "" : r.Ours.Cpu.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)),8}";
            var theirs = r.LibrosaKey is null ? null : Lookup(librosa, r.LibrosaKey);
            var open = r.LibrosaKey is null ? null : Lookup(LibrosaOpenBlasMs, r.LibrosaKey);
            if (theirs is { } t) line += $"   {t,9:0.00} {t / r.OursMs,6:0.0}x";
            else line += $"   {"",9} {"",7}";
            if (open is { } o) line += $"   {o,18:0.00} {o / r.OursMs,6:0.0}x";
            if (r.Note.Length > 0) line += $"   ({r.Note})";
            Console.WriteLine(line);
        }
        Console.WriteLine($"[bench] clips per second (10-s clips, decode + MFCC + log-mel): {3 * 1000 / endToEnd:0.0}; with chroma and spectral: {3 * 1000 / withChroma:0.0}");
        Console.WriteLine($"[bench] peak working set of this process: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):0} MB");
        Console.WriteLine(librosa is null
            ? "[bench] * librosa: timings.json not found (tests/fixtures/librosa); no librosa figure printed"
            : "[bench] * librosa 0.10.2 float32 medians read from tests/fixtures/librosa/timings.json (signal_b, 2-core VM, Debian's reference BLAS), NOT measured in this run: librosa cannot be installed here");
        Console.WriteLine("[bench] ** librosa with OpenBLAS as quoted in tests/fixtures/librosa/README.md (not in this run either); ratio = librosa ms / ours");
        return Task.FromResult(0);
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "unknown"; }
    }

    private static double? Lookup(Dictionary<string, double>? table, string key) =>
        table is null ? null
        : key.Split('+').All(table.ContainsKey) ? key.Split('+').Sum(k => table[k]) : null;

    /// <summary>Cache hit per track: a cache filled once, then whole extractions that only hash files and read entries.</summary>
    private static double CacheHit(List<string> files, MfccSettings settings, ClipPolicy policy, int repeats, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("musicdash-bench-cache-").FullName;
        try
        {
            var tracks = files.Select(f => new TrackFile(f, Path.GetFileName(f), null, null, new FileInfo(f).Length)).ToList();
            var scan = new DatasetScan("bench", Path.GetDirectoryName(files[0])!, tracks, []);
            CollectionFeatures.Extract(scan, policy, settings, null, ct, dir);
            var times = new List<double>();
            for (var r = 0; r < Math.Max(3, repeats); r++)
            {
                var sw = Stopwatch.StartNew();
                var table = CollectionFeatures.Extract(scan, policy, settings, null, ct, dir);
                if (table.Cache!.Hits != files.Count) throw new InvalidOperationException("bench: the cache missed on a second run");
                times.Add(sw.Elapsed.TotalMilliseconds / files.Count);
            }
            times.Sort();
            return times[times.Count / 2];
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static string? FindFixtures(string configFolder)
    {
        // The configured folder first, then the source tree this executable was built from (tests, other config folders).
        var roots = new[] { configFolder, Core.Configuration.AppPaths.FindConfigurationFolder() }.Distinct();
        foreach (var candidate in roots.SelectMany(r => new[] { Path.Combine(r, "tests", "fixtures", "librosa"), Path.Combine(r, "..", "shared", "fixtures", "librosa") }))
            if (File.Exists(Path.Combine(candidate, "signal_b.wav"))) return Path.GetFullPath(candidate);
        return null;
    }

    private static Dictionary<string, double>? ReadTimings(string? fixtures)
    {
        var path = fixtures is null ? null : Path.Combine(fixtures, "timings.json");
        if (path is null || !File.Exists(path)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("results").GetProperty("float32").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("median_ms").GetDouble());
    }
}
