using MusicDashboard.Core.Datasets;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MusicDashboard.Core.Clustering;
using MusicDashboard.Core.Metrics;
using MusicDashboard.Core.Projections;
using MusicDashboard.Core.Projections.Methods;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// Speed figures, printed, never asserted: medians of several repeats on seeded synthetic data, and scikit-learn's time
/// on the very same data in the same run when Debian's python3-sklearn is installed (the peer the issues compare with);
/// UMAP's peer is umap-learn (Debian's umap-learn), timed after a warm-up that takes numba's JIT compilation.
/// </summary>
public static class BenchVerb
{
    public static Verb Definition { get; } = new("bench", "print speed figures (medians) beside scikit-learn's on the same data",
    [
        new("sizes", "N,N,...", "numbers of points (default 1000,3000,10000)"),
        new("dim", "D", "dimensions (default 32)"),
        new("repeats", "R", "repeats per figure; the median is printed (default 3)"),
        new("only", "OP,OP,...", "bench cluster: only these of kmeans, silhouette, gmm, tsne, umap (default all)"),
        new("no-peer", null, "do not run the reference peer (scikit-learn, PyTorch, openai-whisper) even when it is installed"),
        new("dataset", "dir|demo", "bench features: time up to 8 tracks of this collection (default: the 30-s fixture signal_b.wav)"),
        new("clips", "N", "train: clips per configuration (default 3000, GTZAN's 1000 tracks x 3)"),
        new("conv-clips", "N", "train: clips actually run for the Conv-VAE, scaled to --clips (default 96)"),
        new("epochs", "N", "train: timed epochs after one warm-up epoch (default 3)"),
        new("memory-runs", "N", "train: consecutive short trainings of the memory check (default 20; 0 = skip)"),
        new("threads", "N,N,...", "train: thread counts both sides are timed at (default 1, 2 and our default)"),
        .. BenchWhisper.Options,
        .. BenchDashboard.Options,
        .. BenchFuzz.Options,
        .. BenchLoad.Options,
        .. BenchScaleOut.Options,
    ], RunAsync) { Positionals = [("target", ["cluster", "features", "train", "whisper", "dashboard", "fuzz", "decode", "load", "scaleout"])] };

    private sealed record Figure(string Operation, int N, double OursMs, double? PeerMs)
    {
        public string? Note { get; init; }
        public string Peer { get; init; } = "scikit-learn";
    }

    /// <summary>UMAP on latent-like data (<see cref="LatentLike"/>) beside umap-learn seeded (single-thread
    /// SGD, reproducible like ours). The note gives both sides' CPU time (all threads of the process; the fairer figure
    /// when other work shares the cores), umap-learn unseeded (parallel SGD) and the trustworthiness of both.</summary>
    private static Figure BenchUmap(int n, int dim, int repeats, string? python, CancellationToken ct)
    {
        var x = LatentLike(n, dim, 10, seed: n);
        var peer = python is null ? new Dictionary<string, double>() : RunPeer(python, RepositoryScripts.UmapReference, "umap-learn", x, repeats);
        UmapResult? fit = null;
        var cpu = new List<double>();
        var ours = Median(repeats, () =>
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            fit = Umap.Fit(x, new UmapOptions(Seed: 0), ct);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds);
        });
        cpu.Sort();
        var note = $"{fit!.Epochs} epochs, {fit.Init.ToString().ToLowerInvariant()} start; CPU ours {cpu[cpu.Count / 2]:0} ms" +
            (peer.TryGetValue("umap_cpu", out var peerCpu) ? $", umap-learn {peerCpu:0} ms, speed-up {peerCpu / cpu[cpu.Count / 2]:0.00}x" : "");
        if (peer.TryGetValue("umap_parallel", out var parallel)) note += $"; umap-learn unseeded (parallel SGD) {parallel:0} ms, its JIT warm-up {peer.GetValueOrDefault("umap_jit"):0} ms excluded";
        if (n <= 3000)
            note += $"; trustworthiness ours {Trustworthiness.Compute(x, fit.Embedding, 10):0.0000}" +
                (peer.TryGetValue("umap_trust", out var trust) ? $", umap-learn {trust:0.0000}" : "");
        return new Figure("umap (exact knn, seeded)", n, ours, peer.GetValueOrDefault("umap", double.NaN)) { Note = note, Peer = "umap-learn" };
    }

    /// <summary>Latent-means-like rows: ten Gaussian clusters of unit spread whose centres are drawn N(0, 1.5^2) per
    /// dimension, closer than <see cref="Blobs"/>' (a few clusters may still stand apart: the note says which start
    /// UMAP took, spectral for a connected graph or PCA when it is not).</summary>
    public static double[][] LatentLike(int n, int dim, int centres, int seed)
    {
        var rng = new Random(seed);
        var c = Enumerable.Range(0, centres).Select(_ => Enumerable.Range(0, dim).Select(_ => 1.5 * Gaussian(rng)).ToArray()).ToArray();
        return Enumerable.Range(0, n).Select(i => c[i % centres].Select(v => v + Gaussian(rng)).ToArray()).ToArray();
    }

    private static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        if (a.Positional.GetValueOrDefault("target") == "features") return BenchFeatures.RunAsync(a, ct);
        if (a.Positional.GetValueOrDefault("target") == "train") return BenchTrain.RunAsync(a, ct);
        if (a.Positional.GetValueOrDefault("target") == "whisper") return BenchWhisper.RunAsync(a, ct);
        if (a.Positional.GetValueOrDefault("target") == "dashboard") return BenchDashboard.RunAsync(a, ct);
        if (a.Positional.GetValueOrDefault("target") == "fuzz") return BenchFuzz.RunAsync(a, ct);
        if (a.Positional.GetValueOrDefault("target") == "decode") return BenchDecode.RunAsync(a, ct);
        if (a.Positional.GetValueOrDefault("target") == "load") return BenchLoad.RunAsync(a, ct);
        if (a.Positional.GetValueOrDefault("target") == "scaleout") return BenchScaleOut.RunAsync(a, ct);
        var sizes = (a.Get("sizes") ?? "1000,3000,10000").Split(',').Select(s =>
            int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 20 ? n : throw new UsageException($"bench: bad size '{s}' (integers >= 20)")).ToArray();
        var dim = a.GetInt("dim", 32, 1, 4096);
        var repeats = a.GetInt("repeats", 3, 1, 100);
        string[] operations = ["kmeans", "silhouette", "gmm", "tsne", "umap"];
        var only = (a.Get("only") ?? string.Join(',', operations)).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (only.FirstOrDefault(o => !operations.Contains(o)) is { } unknown) throw new UsageException($"bench: unknown operation '{unknown}' (available: {string.Join(", ", operations)})");
        var sklearnWanted = only.Any(o => o != "umap");
        var python = a.Has("no-peer") || !sklearnWanted ? null : FindPython("sklearn");
        var umapPython = a.Has("no-peer") || !only.Contains("umap") ? null : FindPython("umap");
        Console.WriteLine($"[bench] cluster: D = {dim}, K = 10, median of {repeats}; {Environment.ProcessorCount} cores; peer: {(python is not null ? python : !sklearnWanted ? "not asked (--only)" : a.Has("no-peer") ? "none (--no-peer)" : "none (install python3-sklearn to compare)")}" +
            $"; UMAP peer: {(!only.Contains("umap") ? "not asked (--only)" : a.Has("no-peer") ? "none (--no-peer)" : umapPython is null ? "none (install umap-learn to compare)" : "umap-learn")}; load average {LoadAverage.Text}");

        var figures = new List<Figure>();
        foreach (var n in sizes)
        {
            ct.ThrowIfCancellationRequested();
            var x = Blobs(n, dim, 10, seed: n);
            // The scikit-learn peer times all its operations whichever are wanted here.
            var peer = python is null ? new Dictionary<string, double>() : RunPeer(python, RepositoryScripts.SklearnCluster, "scikit-learn", x, repeats);
            if (sklearnWanted) AddSklearnFigures(figures, x, n, repeats, peer, only, ct);
            if (only.Contains("umap")) figures.Add(BenchUmap(n, dim, repeats, umapPython, ct));
            foreach (var f in figures.Where(f => f.N == n))
                Console.WriteLine($"[bench] {f.Operation,-30} N = {f.N,6}: ours {f.OursMs,9:0.0} ms" +
                    (f.PeerMs is { } p && double.IsFinite(p) ? $"   {f.Peer} {p,9:0.0} ms   speed-up {p / f.OursMs,5:0.00}x" : "") +
                    (f.Note is null ? "" : $"   ({f.Note})"));
        }
        return Task.FromResult(0);
    }

    private static void AddSklearnFigures(List<Figure> figures, double[][] x, int n, int repeats, Dictionary<string, double> peer, string[] only, CancellationToken ct)
    {
        var km = KMeans.Fit(x, new KMeansOptions(K: 10, NInit: 10, Seed: 0), ct);
        if (only.Contains("kmeans")) figures.Add(new("kmeans (k-means++, n_init 10)", n, Median(repeats, () => KMeans.Fit(x, new KMeansOptions(K: 10, NInit: 10, Seed: 0), ct)), peer.GetValueOrDefault("kmeans", double.NaN)));
        if (only.Contains("silhouette")) figures.Add(new("silhouette (exact)", n, Median(repeats, () => ClusteringMetrics.Silhouette(x, km.Labels)), peer.GetValueOrDefault("silhouette", double.NaN)));
        // GMM: both sides run K-Means (n_init 1) then EM to tol 1e-3 / max_iter 100; the iteration counts are printed
        // because different K-Means starts can need a different number of EM steps.
        var gmmIter = 0;
        if (only.Contains("gmm")) figures.Add(new("gmm (full, n_init 1)", n, Median(repeats, () => gmmIter = GaussianMixture.Fit(x, new GmmOptions(K: 10, Seed: 0), ct).Iterations),
            peer.GetValueOrDefault("gmm", double.NaN)) { Note = $"EM iterations: ours {gmmIter}, scikit-learn {peer.GetValueOrDefault("gmm_iter", double.NaN)}" });
        // t-SNE is minutes at 10k for scikit-learn on 2 cores: once, and only up to 3000 points, to keep the bench short.
        // The CPU time (all threads of the process) is printed too: on a loaded machine it moves far less than the wall time.
        if (n <= 3000 && only.Contains("tsne"))
        {
            var cpu = 0.0;
            var wall = Median(1, () =>
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                Projector.Project(x, TsneProjection.MethodId, 0, ct);
                cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds;
            });
            figures.Add(new("t-sne (barnes-hut, 1000 iter)", n, wall, peer.GetValueOrDefault("tsne", double.NaN))
            {
                Note = $"CPU ours {cpu:0} ms" + (peer.TryGetValue("tsne_cpu", out var peerCpu) ? $", scikit-learn {peerCpu:0} ms" : "") + $"; load average {LoadAverage.Text}",
            });
        }
    }

    internal static double Median(int repeats, Action work)
    {
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            work();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Ten Gaussian blobs with unit spread around centres drawn in [-10, 10]^D: seeded, the same for both tools.</summary>
    public static double[][] Blobs(int n, int dim, int centres, int seed)
    {
        var rng = new Random(seed);
        var c = Enumerable.Range(0, centres).Select(_ => Enumerable.Range(0, dim).Select(_ => rng.NextDouble() * 20 - 10).ToArray()).ToArray();
        return Enumerable.Range(0, n).Select(i => c[i % centres].Select(v => v + Gaussian(rng)).ToArray()).ToArray();
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>The first python3 that has the module installed (looked up, not imported: importing umap compiles numba code).</summary>
    private static string? FindPython(string module)
    {
        foreach (var python in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo(python, $"-c \"import importlib.util, sys; sys.exit(importlib.util.find_spec('{module}') is None)\"") { RedirectStandardError = true, RedirectStandardOutput = true });
                if (p is null) continue;
                p.WaitForExit(20000);
                if (p.HasExited && p.ExitCode == 0) return python;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return null;
    }


    private static Dictionary<string, double> RunPeer(string python, string scriptPath, string peerName, double[][] x, int repeats)
    {
        var dir = Directory.CreateTempSubdirectory("musicdash-bench-").FullName;
        try
        {
            var csv = Path.Combine(dir, "x.csv");
            Csv.WriteFile(csv, header: null, x.Select(row => row.Cast<object?>()));
            if (RepositoryScripts.Find(scriptPath) is not { } script)
            {
                Console.WriteLine($"[bench] {peerName} peer: none ({RepositoryScripts.Missing(scriptPath)})");
                return [];
            }
            using var p = Process.Start(new ProcessStartInfo(python) { ArgumentList = { script, csv, repeats.ToString(CultureInfo.InvariantCulture) }, RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) { Console.WriteLine($"[bench] {peerName} peer failed: {error.Trim().Split('\n').LastOrDefault()}"); return []; }
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
                .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
