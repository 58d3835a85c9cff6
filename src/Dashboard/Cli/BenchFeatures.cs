using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Dashboard.Hosting;
using TorchSharp;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// `bench features`: median milliseconds per 30-s track of each stage (decode, STFT power, mel, MFCC, chroma with and
/// without tuning estimation, the tuning estimation alone, the spectral features, HPSS, onset + tempo) and of the whole
/// pipeline a run executes (decode, 10-s clips, pooled MFCC mean+std, log-mel statistics, the GTZAN-57 set and the log-mel
/// images, one STFT per clip), each beside the peer's figure from the same run and the ratio. The peer is
/// scripts/bench/features_reference.py: numpy/scipy statements of librosa 0.10's algorithms (labelled as such, never
/// "librosa"), and librosa itself as a second column when LIBROSA_SRC or an installed librosa is found; both on OpenBLAS at
/// 1 and 2 threads, the better figure per stage printed. The decode row's peer is soundfile via
/// scripts/bench/soundfile_decode.py. Where a peer cannot run the output says so instead of printing a number.
/// </summary>
public static class BenchFeatures
{
    public const string Reference = "scripts/bench/features_reference.py";
    private const string OpenBlasFolder = "/usr/lib/x86_64-linux-gnu/openblas-pthread";

    private sealed record Row(string Stage, string? PeerKey, (double Wall, double Cpu) Ours);

    /// <summary>One peer's figures per row key, at the thread count that gave the lower median, and the other count's.</summary>
    private sealed record PeerFigures(string Label, Dictionary<string, (double Wall, double Cpu, string Threads, double OtherWall)> Rows, string Blas)
    {
        public string? Unavailable { get; init; }
    }

    public static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var paths = AppConfiguration.LoadPathsForCompute();
        var repeats = a.GetInt("repeats", 5, 1, 100);
        var fixtures = FindFixtures(paths.BaseDirectory);
        var loadBefore = LoadAverage.Text;

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

        var settings = new MfccSettings(NMfcc: 20); // librosa.feature.mfcc's default
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
            $"median of {repeats} after a warm-up; {Environment.ProcessorCount} cores, {TorchRuntime.Threads} torch threads (MusicDashboard:Threads; the features' own parallel loops follow it), device {TorchRuntime.Device}");
        Console.WriteLine($"[bench] load average before: {loadBefore}");

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
            return (Median(wall), Median(cpu));
        }

        void Scoped(Func<torch.Tensor, torch.Tensor> f, float[] y)
        {
            using var scope = torch.NewDisposeScope();
            _ = f(Spectrogram.Stack([y])).sum().ToDouble(); // forces the result, as a caller reading it would
        }

        var powers = audio.Select(b =>
        {
            using var scope = torch.NewDisposeScope();
            return Spectrogram.Power(Spectrogram.Stack([b.Samples]), settings.NFft, settings.Hop).MoveToOuterDisposeScope();
        }).ToList();
        var tracks = files.Select(f => new TrackFile(f, Path.GetFileName(f), null, null, new FileInfo(f).Length)).ToList();
        var scan = new DatasetScan("bench", Path.GetDirectoryName(files[0])!, tracks, []);
        var pipelineFeatures = PipelineFeatures(settings, policy);
        var rows = new List<Row>
        {
            new("decode (read + WAV/AU decode)", "decode", PerTrack(i => AudioLoader.Load(files[i], settings.SampleRate))),
            new("STFT power", "stft", PerTrack(i => Scoped(y => Spectrogram.Power(y, settings.NFft, settings.Hop), audio[i].Samples))),
            new("mel power", "mel", PerTrack(i => Scoped(y => Spectrogram.MelPower(y, settings.SampleRate, settings.NFft, settings.Hop, settings.NMels), audio[i].Samples))),
            new("MFCC (20)", "mfcc", PerTrack(i => MfccFeatures.Compute(audio[i].Samples, settings))),
            new("chroma (tuning estimated)", "chroma", PerTrack(i => Scoped(y => Chroma.FromPower(Spectrogram.Power(y, settings.NFft, settings.Hop), settings.SampleRate, settings.NFft, 12, null, out _), audio[i].Samples))),
            new("chroma (tuning 0)", "chroma_tuning0", PerTrack(i => Scoped(y => Chroma.FromPower(Spectrogram.Power(y, settings.NFft, settings.Hop), settings.SampleRate, settings.NFft, 12, 0.0, out _), audio[i].Samples))),
            new("tuning estimation alone (from the power)", "tuning", PerTrack(i => Chroma.EstimateTunings(powers[i], settings.SampleRate, settings.NFft))),
            new("spectral: centroid, bandwidth, roll-off, ZCR, RMS", "spectral", PerTrack(i => Scoped(y => Spectral(y, audio[i].Samples, settings), audio[i].Samples))),
            new("HPSS (harmonic + percussive waveforms)", "hpss", PerTrack(i => Scoped(y =>
            {
                var (h, p) = Hpss.Waveforms(Spectrogram.Stft(y, settings.NFft, settings.Hop), settings.NFft, settings.Hop, y.shape[1]);
                return h + p;
            }, audio[i].Samples))),
            new("onset strength + tempo", "tempo", PerTrack(i => Scoped(y =>
            {
                var onset = OnsetStrength.FromMelDb(settings.MelDb(y), settings.NFft, settings.Hop);
                _ = TempoEstimator.Estimate(onset, settings.SampleRate, settings.Hop);
                return onset;
            }, audio[i].Samples))),
            new("whole pipeline: decode, 3 clips, MFCC, log-mel stats, GTZAN-57, images", "pipeline",
                PerTrack(i => CollectionFeatures.ExtractSet(scan with { Files = [tracks[i]] }, policy, pipelineFeatures, settings, ct: ct))),
        };
        var cacheHit = CacheHit(files, settings, policy, repeats, ct);
        foreach (var p in powers) p.Dispose();
        var ours = (PeakMb: process.PeakWorkingSet64 / (1024.0 * 1024), LoadAfterOurs: LoadAverage.Text);

        var noPeer = a.Has("no-peer");
        var peers = new List<PeerFigures>();
        if (!noPeer)
        {
            peers.Add(RunPeer("numpy", "numpy/scipy (librosa's algorithms), OpenBLAS", files, repeats, ct));
            peers.Add(LibrosaAvailable(out var why)
                ? RunPeer("librosa", "librosa 0.10, OpenBLAS", files, repeats, ct)
                : new PeerFigures("librosa", [], "") { Unavailable = why });
        }
        var decodePeer = noPeer ? null : DecodePeer(files, repeats, scale);

        Console.WriteLine($"[bench] load average after ours: {ours.LoadAfterOurs}, after the peers: {LoadAverage.Text} (on {Environment.ProcessorCount} cores; figures from a busy machine are slower than the code is)");
        var header = $"[bench] {"stage",-72} {"ours",9} {"(CPU)",8}";
        foreach (var p in peers.Where(p => p.Unavailable is null)) header += $" | {p.Label + " ms",-44} {"(CPU)",8} {"ratio",6} {"CPU ratio",9}";
        Console.WriteLine(header);
        foreach (var r in rows)
        {
            var line = $"[bench] {r.Stage,-72} {r.Ours.Wall,9:0.00} {r.Ours.Cpu,8:0.0}";
            var first = true;
            foreach (var p in peers.Where(p => p.Unavailable is null))
            {
                if (r.PeerKey == "decode" && first && decodePeer is { } d)
                    line += $" | {$"{d:0.00} (python soundfile)",-44} {"",8} {d / r.Ours.Wall,5:0.00}x {"",9}";
                else if (r.PeerKey is { } key && p.Rows.TryGetValue(key, out var t))
                    line += $" | {$"{t.Wall:0.00} ({t.Threads} thr; other {t.OtherWall:0.00})",-44} {t.Cpu,8:0.0} {t.Wall / r.Ours.Wall,5:0.00}x {t.Cpu / r.Ours.Cpu,8:0.00}x";
                else line += $" | {"–",-44} {"",8} {"",6} {"",9}";
                first = false;
            }
            Console.WriteLine(line);
        }
        Console.WriteLine($"[bench] {"feature-cache hit (hash + read), ours only",-72} {cacheHit,9:0.00}");
        var pipeline = rows[^1].Ours.Wall;
        Console.WriteLine($"[bench] clips per second, whole pipeline (10-s clips): {3 * 1000 / pipeline:0.0}; peak working set of this process: {ours.PeakMb:0} MB");
        if (noPeer) Console.WriteLine("[bench] peers: not run (--no-peer)");
        foreach (var p in peers)
            Console.WriteLine(p.Unavailable is { } why
                ? $"[bench] {p.Label}: not measured: {why}"
                : $"[bench] {p.Label}: {p.Blas}; figures at the better of OPENBLAS_NUM_THREADS=1 and 2 per stage, the other in brackets; ratio = peer ms / ours (above 1: we are faster)");
        return Task.FromResult(0);
    }

    /// <summary>What a run's features pass extracts for an audio input (RunPipeline): pooled MFCC mean+std, the log-mel
    /// statistics and the GTZAN-57 set (the images are asked for beside them).</summary>
    private static List<ClipFeature> PipelineFeatures(MfccSettings settings, ClipPolicy policy) =>
    [
        ClipFeature.Mfcc(settings with { NMfcc = 40, Pooling = MfccPooling.MeanStd }, policy),
        ClipFeature.LogMelStats(settings, policy),
        ClipFeature.Gtzan57(settings, policy),
    ];

    private static torch.Tensor Spectral(torch.Tensor y, float[] samples, MfccSettings s)
    {
        var (centroid, bandwidth, rolloff) = SpectralShape.FromPower(Spectrogram.Power(y, s.NFft, s.Hop), s.SampleRate, s.NFft);
        _ = SpectralShape.ZeroCrossingRate(samples, s.NFft, s.Hop);
        _ = SpectralShape.Rms(samples, s.NFft, s.Hop);
        return centroid + bandwidth + rolloff;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>librosa is a peer when LIBROSA_SRC names a folder holding the package or python3 imports it.</summary>
    private static bool LibrosaAvailable(out string why)
    {
        var src = Environment.GetEnvironmentVariable("LIBROSA_SRC");
        if (!string.IsNullOrEmpty(src))
        {
            why = $"LIBROSA_SRC={src} holds no librosa/__init__.py";
            return File.Exists(Path.Combine(src, "librosa", "__init__.py"));
        }
        try
        {
            using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", "-c \"import librosa\"") { RedirectStandardError = true, RedirectStandardOutput = true })!;
            p.WaitForExit(60000);
            why = "LIBROSA_SRC is not set and `import librosa` fails (librosa cannot be installed on this machine: no PyPI)";
            return p.HasExited && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { why = "/usr/bin/python3 not found"; return false; }
    }

    /// <summary>The peer script at OPENBLAS_NUM_THREADS 1 and 2; per row the lower median, with the other one beside it.</summary>
    private static PeerFigures RunPeer(string peer, string label, List<string> files, int repeats, CancellationToken ct)
    {
        if (RepositoryScripts.Find(Reference) is not { } script) return new PeerFigures(label, [], "") { Unavailable = RepositoryScripts.Missing(Reference) };
        var runs = new List<(string Threads, JsonElement Rows, string Blas)>();
        foreach (var threads in new[] { "1", "2" })
        {
            var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { script, "--peer", peer, "--repeats", repeats.ToString(CultureInfo.InvariantCulture), "--files" }.Concat(files)) psi.ArgumentList.Add(arg);
            foreach (var v in new[] { "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS" }) psi.Environment[v] = threads;
            // numpy links libblas.so.3 through Debian's alternatives; OpenBLAS's copy first on the path makes it the one loaded
            // whatever the alternative says (the script reports the library it actually mapped).
            if (Directory.Exists(OpenBlasFolder))
                psi.Environment["LD_LIBRARY_PATH"] = OpenBlasFolder + (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") is { Length: > 0 } old ? ":" + old : "");
            try
            {
                using var p = Process.Start(psi)!;
                using var registration = ct.Register(() => { try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } });
                var stderr = p.StandardError.ReadToEndAsync(ct);
                var output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                ct.ThrowIfCancellationRequested();
                if (p.ExitCode != 0)
                {
                    var last = stderr.Result.Trim().Split('\n').LastOrDefault() ?? "";
                    var error = output.Trim().Length > 0 ? output.Trim() : last;
                    return new PeerFigures(label, [], "") { Unavailable = $"its script failed at {threads} thread(s): {error}" };
                }
                using var doc = JsonDocument.Parse(output);
                runs.Add((threads, doc.RootElement.GetProperty("rows").Clone(), doc.RootElement.GetProperty("blas").GetString() ?? "unknown"));
            }
            catch (System.ComponentModel.Win32Exception) { return new PeerFigures(label, [], "") { Unavailable = "/usr/bin/python3 not found" }; }
            catch (JsonException e) { return new PeerFigures(label, [], "") { Unavailable = $"unreadable output of {Reference}: {e.Message}" }; }
        }
        var table = new Dictionary<string, (double, double, string, double)>();
        foreach (var row in runs[0].Rows.EnumerateObject())
        {
            var figures = runs.Select(r => (r.Threads, Wall: r.Rows.GetProperty(row.Name).GetProperty("median_ms").GetDouble(), Cpu: r.Rows.GetProperty(row.Name).GetProperty("cpu_ms").GetDouble())).ToList();
            var best = figures.MinBy(f => f.Wall);
            var other = figures.First(f => f.Threads != best.Threads);
            table[row.Name] = (best.Wall, best.Cpu, best.Threads, other.Wall);
        }
        // The script lists every BLAS-like library mapped into numpy's process; the OpenBLAS one, when present, names it.
        var openBlas = runs[0].Blas.Split(", ").FirstOrDefault(l => l.Contains("libopenblas", StringComparison.OrdinalIgnoreCase));
        var blas = openBlas is not null ? $"BLAS {openBlas}" : $"BLAS {runs[0].Blas} (NOT OpenBLAS: install libopenblas0-pthread)";
        return new PeerFigures(label, table, blas);
    }

    /// <summary>soundfile's decode time per 30 s (the median over the files), timed by <c>bench decode</c>'s peer script on
    /// the same files in this run; null, with why, when it cannot run.</summary>
    private static double? DecodePeer(List<string> files, int repeats, List<double> scale)
    {
        if (BenchDecode.Peer(files, repeats, out var note) is not { } peer)
        {
            Console.WriteLine($"[bench] decode peer (soundfile/libsndfile): {note}");
            return null;
        }
        var perFile = peer.GetProperty("files");
        return Median(files.Select((f, i) => perFile.GetProperty(f).GetProperty("median_ms").GetDouble() * scale[i]).ToList());
    }

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
            return Median(times);
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
}
