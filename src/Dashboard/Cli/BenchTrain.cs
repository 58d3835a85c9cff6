using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Training.Models;
using MusicDashboard.Training.Pipeline;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// `bench train`: median milliseconds per epoch and peak resident memory of each Table 1 configuration at GTZAN scale
/// (3000 clips; synthetic tensors of the right shapes: speed does not depend on the values), beside PyTorch's figure for
/// the identical model (tests/fixtures/pytorch/bench_train.py) when Debian's python3-torch is installed, both timed at 1
/// and 2 threads (and our default) in the same run and compared best against best; the projected
/// full Conv-VAE run; and a memory check of 20 short trainings in a row.
/// </summary>
public static class BenchTrain
{
    private sealed record Case(string Preset, VaeSettings Settings, long[] Shape, int ConditionDim, string Model, int Clips);

    public static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        AppConfiguration.LoadPathsForCompute();
        var clips = a.GetInt("clips", 3000, 64, 100000);
        var convClips = a.GetInt("conv-clips", 96, 8, 100000);
        var epochs = a.GetInt("epochs", 3, 2, 100);
        var memoryRuns = a.GetInt("memory-runs", 20, 0, 1000);
        var script = a.Has("no-peer") ? null : RepositoryScripts.Find(RepositoryScripts.TrainReference);
        var python = script is null ? null : FindTorchPython();
        var ourDefault = TorchRuntime.Threads;
        var counts = ThreadCounts(a.Get("threads"), ourDefault);
        Console.WriteLine($"[bench] train: {clips} clips ({convClips} for the Conv-VAE, scaled to {clips}), median of {epochs} epochs after one warm-up; " +
            $"device {TorchRuntime.Device}, {Environment.ProcessorCount} cores, load average {LoadAverage.Text}; our default: {TorchRuntime.ThreadSummary}; " +
            $"both sides timed at {string.Join(" and ", counts)} thread(s), the best of each compared; peer: " +
            (a.Has("no-peer") ? "none (--no-peer)" : script is null ? $"none ({RepositoryScripts.Missing(RepositoryScripts.TrainReference)})" : python is null ? "none: PyTorch is not installed here (install python3-torch and libopenblas0-pthread to compare)" : $"PyTorch via {python} {script}, {TorchRuntime.WaitPolicyVariable}={NativeEnvironment.Get(TorchRuntime.WaitPolicyVariable)} as ours"));

        // The Conv-VAE preset's narrow channels, and the wider ones it was chosen against, side by side.
        var cases = Presets.Names.Select(p => CaseOf(p, clips, convClips, epochs)).ToList();
        var conv = cases.Single(c => c.Preset == Presets.ConvVaeMelspec);
        var wider = conv.Settings with { ConvChannels = [32, 64, 128, 256] };
        cases.Insert(cases.IndexOf(conv) + 1, conv with { Settings = wider, Model = $"ConvVae {string.Join("-", wider.ConvChannels)} z{wider.LatentDim} b{wider.BatchSize}" });
        try
        {
            foreach (var c in cases)
            {
                ct.ThrowIfCancellationRequested();
                var ours = counts.ToDictionary(t => t, t => { TorchRuntime.Configure(t); return Ours(c, ct); });
                var scale = (double)clips / c.Clips;
                var best = ours.MinBy(kv => kv.Value.Ms);
                var line = $"[bench] {c.Preset,-17} {c.Model,-34} N = {c.Clips,5}: ours {Figures(ours.ToDictionary(kv => kv.Key, kv => kv.Value.Ms))}" +
                    (scale > 1 ? $" (best x{scale:0.#} = {best.Value.Ms * scale / 1000:0.0} s at {clips})" : "") + $", peak RSS {best.Value.RssMb:0} MB";
                if (python is not null)
                {
                    var peer = counts.Select(t => (Threads: t, Result: Peer(python, script!, c, t))).Where(p => p.Result is not null).ToDictionary(p => p.Threads, p => p.Result!.Value);
                    if (peer.Count == 0) line += "   PyTorch: failed (see above)";
                    else
                    {
                        var peerBest = peer.MinBy(kv => kv.Value.Ms);
                        line += $"   PyTorch {Figures(peer.ToDictionary(kv => kv.Key, kv => kv.Value.Ms))}, peak RSS {peerBest.Value.RssMb:0} MB" +
                            $"   ratio best/best {best.Value.Ms / peerBest.Value.Ms:0.00}";
                    }
                }
                else line += "   PyTorch: not measured (see the header)";
                Console.WriteLine(line);
                if (c.Preset == Presets.ConvVaeMelspec)
                {
                    var full = Presets.ConvVaeMelspecConfig("demo", 0).Vae.Epochs;
                    var atDefault = ours.TryGetValue(ourDefault, out var d) ? d.Ms : best.Value.Ms;
                    Console.WriteLine($"[bench] projected full Conv-VAE run ({string.Join("-", c.Settings.ConvChannels)}) at {(ours.ContainsKey(ourDefault) ? ourDefault : best.Key)} thread(s): " +
                        $"{full} epochs x {clips} clips = {atDefault * scale * full / 60000:0.0} min (goal < 60 min on 2 cores)");
                }
            }
        }
        finally
        {
            TorchRuntime.Configure(ourDefault);
        }
        if (memoryRuns > 0) MemoryCheck(memoryRuns, ct);
        Console.WriteLine($"[bench] load average at the end: {LoadAverage.Text}");
        return Task.FromResult(0);
    }

    /// <summary>The thread counts both sides are timed at: those asked for, else 1, 2 (up to the cores) and our default.</summary>
    private static int[] ThreadCounts(string? asked, int ourDefault)
    {
        if (asked is not null)
            return asked.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t =>
                int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 256 ? n
                    : throw new UsageException($"bench train: bad thread count '{t}' (integers from 1 to 256, comma-separated)")).Distinct().Order().ToArray();
        return new[] { 1, Math.Min(2, Environment.ProcessorCount), ourDefault }.Distinct().Order().ToArray();
    }

    /// <summary>"1t 87.5 / 2t 255.0 ms/epoch (best 1t)".</summary>
    private static string Figures(IReadOnlyDictionary<int, double> msByThreads)
    {
        var best = msByThreads.MinBy(kv => kv.Value).Key;
        return string.Join(" / ", msByThreads.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}t {kv.Value,8:0.0}")) + $" ms/epoch (best {best}t)";
    }

    private static Case CaseOf(string preset, int clips, int convClips, int epochs)
    {
        var config = Presets.ByName(preset, "demo", 0);
        var s = config.Vae with { Epochs = epochs + 1, CheckpointEvery = 0, ProjectionEvery = 0, ValidationFraction = 0 };
        var lyricDim = config.Lyrics.Dim;
        var inputDim = config.Mfcc.PooledLength + (config.Input == InputKind.MfccLyrics ? lyricDim : 0);
        var cond = config.Model != ModelKind.Cvae ? 0 : config.Condition switch { CvaeCondition.Modality => 2, CvaeCondition.LyricsVector => lyricDim, _ => 2 + lyricDim };
        return config.ModelType.ReadsImages
            ? new Case(preset, s, [1, 128, 431], 0, $"ConvVae {string.Join("-", s.ConvChannels)} z{s.LatentDim} b{s.BatchSize}", convClips)
            : new Case(preset, s, [inputDim], cond, $"{(cond > 0 ? "Cvae" : "MlpVae")} {inputDim}{(cond > 0 ? $"+c{cond}" : "")}-{string.Join("-", s.Hidden)}-{s.LatentDim} b{s.BatchSize}", clips);
    }

    private static TrainingSet Synthetic(Case c)
    {
        var rng = new Random(1);
        var size = c.Shape.Aggregate(1L, (x, y) => x * y);
        var values = new float[c.Clips * size];
        var bernoulli = c.Settings.Reconstruction == ReconstructionLoss.Bernoulli;
        for (var i = 0; i < values.Length; i++) values[i] = bernoulli ? (float)rng.NextDouble() : (float)(rng.NextDouble() * 2 - 1);
        var cond = c.ConditionDim == 0 ? null : Enumerable.Range(0, c.Clips * c.ConditionDim).Select(_ => (float)rng.NextDouble()).ToArray();
        return new TrainingSet(values, c.Clips, c.Shape, cond, c.ConditionDim);
    }

    private static (double Ms, double RssMb) Ours(Case c, CancellationToken ct)
    {
        var data = Synthetic(c);
        ResetPeakRss();
        var seconds = new List<double>();
        var config = Presets.ByName(c.Preset, "demo", 0);
        VaeTrainer.Train(() => RunPipeline.BuildModel(config with { Vae = c.Settings }, data), data, c.Settings, 0,
            new TrainingOptions { OnEpoch = e => seconds.Add(e.Seconds) }, ct);
        var timed = seconds.Skip(1).Order().ToList();
        return (timed[timed.Count / 2] * 1000, ReadStatusKb("VmHWM") / 1024.0);
    }

    private static (double Ms, double RssMb)? Peer(string python, string script, Case c, int threads)
    {
        var spec = JsonSerializer.Serialize(new
        {
            model = c.Model.StartsWith("ConvVae", StringComparison.Ordinal) ? "conv" : "mlp",
            n = c.Clips, shape = c.Shape, hidden = c.Settings.Hidden, channels = c.Settings.ConvChannels, latent = c.Settings.LatentDim,
            cond = c.ConditionDim, batch = c.Settings.BatchSize, lr = c.Settings.LearningRate, weight_decay = c.Settings.WeightDecay,
            beta = c.Settings.Beta, clip = c.Settings.GradientClip, epochs = c.Settings.Epochs - 1, threads,
            loss = c.Settings.Reconstruction == ReconstructionLoss.Bernoulli ? "bernoulli" : "mse",
        });
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(script)! };
        // The peer's libgomp waits as ours does (passive unless the user chose otherwise): its best settings, not spinning.
        if (NativeEnvironment.Get(TorchRuntime.WaitPolicyVariable) is { } policy) psi.Environment[TorchRuntime.WaitPolicyVariable] = policy;
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(spec);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            Console.WriteLine($"[bench] PyTorch peer failed: {error.Trim().Split('\n').LastOrDefault()}");
            return null;
        }
        using var doc = JsonDocument.Parse(output.Trim().Split('\n').Last());
        return (doc.RootElement.GetProperty("median_ms").GetDouble(), doc.RootElement.GetProperty("peak_rss_mb").GetDouble());
    }

    /// <summary>Resident memory must stay flat across consecutive trainings in one process (dispose scopes, no leaks).</summary>
    private static void MemoryCheck(int runs, CancellationToken ct)
    {
        var c = CaseOf(Presets.MlpVaeAudio, 3000, 0, 2);
        var data = Synthetic(c);
        var config = Presets.MlpVaeAudioConfig("demo", 0);
        double Rss() { GC.Collect(); GC.WaitForPendingFinalizers(); return ReadStatusKb("VmRSS") / 1024.0; }
        var before = Rss();
        var after = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            ct.ThrowIfCancellationRequested();
            VaeTrainer.Train(() => RunPipeline.BuildModel(config, data), data, c.Settings with { Epochs = 2 }, i, null, ct);
            after.Add(Rss());
        }
        Console.WriteLine($"[bench] memory: {runs} trainings in a row ({c.Model}, 3000 clips, 2 epochs each): RSS before {before:0} MB, " +
            $"after run 1 {after[0]:0} MB, after run {runs / 2} {after[runs / 2 - 1]:0} MB, after run {runs} {after[^1]:0} MB (growth after the first run: {after[^1] - after[0]:+0;-0} MB)");
    }

    private static void ResetPeakRss()
    {
        // Linux: writing 5 to clear_refs resets VmHWM to the current RSS, so each configuration gets its own peak.
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static long ReadStatusKb(string key)
    {
        if (!File.Exists("/proc/self/status")) return (key == "VmHWM" ? Process.GetCurrentProcess().PeakWorkingSet64 : Process.GetCurrentProcess().WorkingSet64) / 1024;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string? FindTorchPython()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", "-c \"import torch\"") { RedirectStandardError = true, RedirectStandardOutput = true });
            if (p is null) return null;
            p.WaitForExit(60000);
            return p.HasExited && p.ExitCode == 0 ? "/usr/bin/python3" : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
