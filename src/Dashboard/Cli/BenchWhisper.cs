using System.Diagnostics;
using System.Globalization;
using MusicDashboard.Core.Runtime;
using MusicDashboard.Training.Whisper;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// <c>bench whisper</c>: real-time factor of our Whisper on a 30-s clip (log-mel, encoder, decoder per token, total),
/// medians of several runs, and, when Debian's python3-torch and openai-whisper's source are present, openai-whisper's
/// own model code (model.py, with decoding.py's key/value-cache hooks) on the same weights, mel, threads and token count,
/// with the ratio and whether the greedy tokens are identical.
/// </summary>
public static class BenchWhisper
{
    public static IReadOnlyList<VerbOption> Options { get; } =
    [
        new("model", "ggml.bin", "whisper: the model file to time (F32/F16/quantised)"),
        new("synthetic", "tiny.en|tiny|base.en|base", "whisper: time a random-weight model of that real size instead (written to a temp folder)"),
        new("tokens", "N", "whisper: decoder steps per run (default 100; a 30-s lyric window holds roughly 50-120)"),
        new("peer-src", "dir", "whisper: openai-whisper checkout (holds whisper/model.py); default $WHISPER_SRC or an installed 'whisper' package"),
    ];

    /// <summary>Real dimensions (n_vocab, state, heads, layers) of the synthetic sizes.</summary>
    private static WhisperHParams Synthetic(string name) => name switch
    {
        "tiny.en" => new(51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1),
        "tiny" => new(51865, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1),
        "base.en" => new(51864, 1500, 512, 8, 6, 448, 512, 8, 6, 80, 1),
        "base" => new(51865, 1500, 512, 8, 6, 448, 512, 8, 6, 80, 1),
        _ => throw new UsageException($"bench whisper: unknown --synthetic '{name}' (tiny.en | tiny | base.en | base)"),
    };

    public static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        if (a.Has("model") == a.Has("synthetic")) throw new UsageException("bench whisper: give --model <ggml.bin> or --synthetic tiny.en");
        var repeats = a.GetInt("repeats", 5, 1, 100);
        var nTokens = a.GetInt("tokens", 100, 1, 400);
        string? tempDir = null;
        try
        {
            var path = a.Get("model") is { } m ? Path.GetFullPath(m) : null;
            if (path is null)
            {
                tempDir = Directory.CreateTempSubdirectory("musicdash-whisper-bench-").FullName;
                path = Path.Combine(tempDir, $"ggml-{a.Get("synthetic")}-random-f16.bin");
                var sw0 = Stopwatch.StartNew();
                GgmlWriter.WriteSynthetic(path, Synthetic(a.Get("synthetic")!), GgmlType.F16, seed: 0);
                Console.WriteLine($"[bench] wrote a random-weight {a.Get("synthetic")} model ({new FileInfo(path).Length / 1e6:0.0} MB, F16) in {sw0.Elapsed.TotalSeconds:0.0} s: timings are real, its text is noise");
            }
            var swLoad = Stopwatch.StartNew();
            using var model = WhisperModel.Load(path);
            var h = model.HParams;
            Console.WriteLine($"[bench] whisper {Path.GetFileName(path)}: d {h.NAudioState}, {h.NAudioHead} heads, {h.NAudioLayer}+{h.NTextLayer} layers, vocab {h.NVocab}, {model.StoredTypes}; " +
                $"loaded in {swLoad.Elapsed.TotalSeconds:0.00} s; {TorchRuntime.Threads} threads ({Environment.ProcessorCount} cores); median of {repeats}, {nTokens} decoder steps");
            if (h.NAudioState == 64 && h.NAudioLayer == 2)
                Console.WriteLine("[bench] note: this is the tiny random fixture model (d 64, 2+2 layers), far smaller than any real Whisper: use --synthetic tiny.en for realistic figures");

            var clip = Clip30s();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            Tensor mel = model.LogMel(clip);
            var melMs = BenchVerb.Median(repeats, () => { using var s = NewDisposeScope(); model.LogMel(clip); });
            Tensor features = model.Encode(mel);
            var encMs = BenchVerb.Median(repeats, () => { using var s = NewDisposeScope(); model.Encode(mel); });
            int[] ours = [];
            var prompt = model.Tokenizer.Prompt("en");
            var decMs = BenchVerb.Median(repeats, () => ours = GreedyRaw(model, features, prompt, nTokens));
            var perToken = decMs / nTokens;
            var total = melMs + encMs + decMs;
            Console.WriteLine($"[bench] ours:  log-mel {melMs,8:0.0} ms   encoder {encMs,8:0.0} ms   decoder {perToken,7:0.00} ms/token   total {total,8:0.0} ms for 30 s of audio: real-time factor {total / 30000:0.0000}");

            var peer = a.Has("no-peer") ? null : RunPeer(path, mel, prompt, nTokens, repeats, a.Get("peer-src"));
            if (peer is not null)
            {
                var peerTotal = melMs + peer.Value.EncMs + peer.Value.DecMs;
                Console.WriteLine($"[bench] openai-whisper (PyTorch {peer.Value.TorchVersion}, its model.py + kv-cache hooks, same weights/mel/threads): encoder {peer.Value.EncMs,8:0.0} ms   decoder {peer.Value.DecMs / nTokens,7:0.00} ms/token");
                Console.WriteLine($"[bench] speed-up (theirs / ours): encoder {peer.Value.EncMs / encMs:0.00}x   decoder {peer.Value.DecMs / decMs:0.00}x   encoder+decoder {(peer.Value.EncMs + peer.Value.DecMs) / (encMs + decMs):0.00}x" +
                    $" (total with our log-mel for both {peerTotal / total:0.00}x)");
                var same = peer.Value.Tokens.SequenceEqual(ours);
                Console.WriteLine($"[bench] greedy tokens ({nTokens} raw argmax steps): {(same ? "identical" : "DIFFERENT")}" +
                    (same ? "" : $" (first difference at step {ours.Zip(peer.Value.Tokens).TakeWhile(p => p.First == p.Second).Count()})"));
            }
            return Task.FromResult(0);
        }
        catch (WhisperModelException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Task.FromResult(1);
        }
        finally
        {
            if (tempDir is not null) Directory.Delete(tempDir, recursive: true);
        }
    }

    /// <summary>Raw greedy decoding (argmax, no suppression, no early stop), the same loop the peer runs.</summary>
    private static int[] GreedyRaw(WhisperModel model, Tensor features, int[] prompt, int steps)
    {
        using var scope = NewDisposeScope();
        using var state = model.StartDecoder(features);
        var tokens = new int[steps];
        var logits = model.DecodeStep(state, prompt, [prompt.Length - 1])[0];
        for (var i = 0; i < steps; i++)
        {
            using var step = NewDisposeScope();
            tokens[i] = (int)logits.argmax().ToInt64();
            if (i + 1 < steps) logits = model.DecodeStep(state, [tokens[i]])[0].MoveToOuterDisposeScope();
        }
        return tokens;
    }

    /// <summary>30 s at 16 kHz: a seeded mixture of tones and noise (the model's input size; content does not change the cost).</summary>
    private static float[] Clip30s()
    {
        var rng = new Random(0);
        var x = new float[WhisperModel.ChunkSamples];
        for (var i = 0; i < x.Length; i++)
        {
            var t = i / (double)WhisperModel.SampleRate;
            x[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 220 * t) + 0.2 * Math.Sin(2 * Math.PI * 660 * t) + 0.05 * (rng.NextDouble() * 2 - 1));
        }
        return x;
    }

    private static string? FindPeerSource(string? given)
    {
        foreach (var dir in new[] { given, Environment.GetEnvironmentVariable("WHISPER_SRC") })
            if (!string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, "whisper", "model.py"))) return Path.GetFullPath(dir);
        return null;
    }

    private static (double EncMs, double DecMs, int[] Tokens, string TorchVersion)? RunPeer(string modelPath, Tensor mel, int[] prompt, int steps, int repeats, string? peerSrc)
    {
        var src = FindPeerSource(peerSrc) ?? "";
        if (RepositoryScripts.Find(RepositoryScripts.WhisperReference) is not { } script)
        {
            Console.WriteLine($"[bench] peer: none ({RepositoryScripts.Missing(RepositoryScripts.WhisperReference)})");
            return null;
        }
        var dir = Directory.CreateTempSubdirectory("musicdash-whisper-peer-").FullName;
        try
        {
            var melPath = Path.Combine(dir, "mel.f32");
            File.WriteAllBytes(melPath, System.Runtime.InteropServices.MemoryMarshal.AsBytes(mel.contiguous().data<float>().ToArray().AsSpan()).ToArray());
            var psi = new ProcessStartInfo("/usr/bin/python3")
            {
                ArgumentList = { script, modelPath, melPath, string.Join(",", prompt), steps.ToString(CultureInfo.InvariantCulture),
                    repeats.ToString(CultureInfo.InvariantCulture), TorchRuntime.Threads.ToString(CultureInfo.InvariantCulture), src },
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            Process p;
            try { p = Process.Start(psi)!; }
            catch (System.ComponentModel.Win32Exception) { Console.WriteLine("[bench] peer: none (/usr/bin/python3 not found; apt-get install python3-torch libopenblas0-pthread)"); return null; }
            using (p)
            {
                var output = p.StandardOutput.ReadToEnd();
                var error = p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0)
                {
                    Console.WriteLine($"[bench] peer: none ({error.Trim().Split('\n').LastOrDefault()})");
                    return null;
                }
                var kv = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).ToDictionary(x => x[0], x => x[1]);
                return (double.Parse(kv["encoder_ms"], CultureInfo.InvariantCulture), double.Parse(kv["decode_ms"], CultureInfo.InvariantCulture),
                    kv["tokens"].Split(',').Select(int.Parse).ToArray(), kv["torch"]);
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
