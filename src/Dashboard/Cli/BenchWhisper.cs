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
        var dir = Directory.CreateTempSubdirectory("musicdash-whisper-peer-").FullName;
        try
        {
            var melPath = Path.Combine(dir, "mel.f32");
            File.WriteAllBytes(melPath, System.Runtime.InteropServices.MemoryMarshal.AsBytes(mel.contiguous().data<float>().ToArray().AsSpan()).ToArray());
            var script = Path.Combine(dir, "peer.py");
            File.WriteAllText(script, PeerScript);
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

    /// <summary>
    /// Loads the ggml weights (F32/F16) into openai-whisper's own Whisper module (model.py imported from the given source
    /// folder, or the installed package) and times its encoder and decoder the way decoding.py drives them: the
    /// install_kv_cache_hooks cache, the whole prompt first, then one token per step, argmax over the last position.
    /// </summary>
    private const string PeerScript = """
import importlib, os, sys, time, types
import numpy as np
try:
    import torch
except ImportError:
    sys.exit("python3-torch is not installed (apt-get install python3-torch libopenblas0-pthread)")
model_path, mel_path, prompt, steps, repeats, threads, src = sys.argv[1:8]
prompt = [int(t) for t in prompt.split(",")]; steps = int(steps); repeats = int(repeats)
torch.set_num_threads(int(threads))
if src:
    # Only model.py is needed: stub the package and the two modules it imports for its bound methods.
    pkg = types.ModuleType("whisper"); pkg.__path__ = [os.path.join(src, "whisper")]; sys.modules["whisper"] = pkg
    for name, attrs in (("decoding", ("decode", "detect_language")), ("transcribe", ("transcribe",))):
        m = types.ModuleType("whisper." + name)
        for a in attrs: setattr(m, a, None)
        sys.modules["whisper." + name] = m
try:
    wm = importlib.import_module("whisper.model")
except ImportError:
    sys.exit("openai-whisper's source not found: pass --peer-src <checkout> or set WHISPER_SRC, or install openai-whisper")

def load(path):
    b = open(path, "rb").read(); o = 0
    def i32(n=1):
        nonlocal o
        v = np.frombuffer(b, "<i4", n, o); o += 4 * n; return v
    assert i32()[0] == 0x67676d6c
    hp = [int(x) for x in i32(11)]
    n_mel, n_fft = i32(2); o += 4 * int(n_mel) * int(n_fft)
    for _ in range(int(i32()[0])):
        n = int(i32()[0]); o += n  # read first: "o += i32()" would add to the stale offset
    sd = {}
    while o < len(b):
        nd, nl, tt = (int(x) for x in i32(3)); ne = [int(x) for x in i32(nd)]
        name = b[o:o + nl].decode(); o += nl
        if tt not in (0, 1): sys.exit(f"the peer reads F32/F16 files only ({name} has ggml type {tt})")
        dt = "<f4" if tt == 0 else "<f2"; n = int(np.prod(ne))
        a = np.frombuffer(b, dt, n, o).astype(np.float32); o += n * (4 if tt == 0 else 2)
        shape = list(reversed(ne))
        if name in ("encoder.conv1.bias", "encoder.conv2.bias"): shape = [ne[1]]
        sd[name] = torch.from_numpy(a.reshape(shape).copy())
    return hp, sd

hp, sd = load(model_path)
dims = wm.ModelDimensions(n_vocab=hp[0], n_audio_ctx=hp[1], n_audio_state=hp[2], n_audio_head=hp[3], n_audio_layer=hp[4],
                          n_text_ctx=hp[5], n_text_state=hp[6], n_text_head=hp[7], n_text_layer=hp[8], n_mels=hp[9])
model = wm.Whisper(dims); model.load_state_dict(sd); model.eval()
mel = torch.from_numpy(np.fromfile(mel_path, "<f4").reshape(1, hp[9], -1).copy())

def med(f):
    t = []
    for _ in range(repeats):
        s = time.perf_counter(); r = f(); t.append((time.perf_counter() - s) * 1000)
    return sorted(t)[len(t) // 2], r

def greedy(feats):
    cache, hooks = model.install_kv_cache_hooks()
    toks = torch.tensor([prompt]); out = []
    logits = model.decoder(toks, feats, kv_cache=cache)
    for i in range(steps):
        nxt = int(logits[0, -1].argmax()); out.append(nxt)
        if i + 1 < steps: logits = model.decoder(torch.tensor([[nxt]]), feats, kv_cache=cache)
    for h in hooks: h.remove()
    return out

with torch.no_grad():
    feats = model.embed_audio(mel)
    enc_ms, _ = med(lambda: model.embed_audio(mel))
    dec_ms, toks = med(lambda: greedy(feats))
print("encoder_ms", enc_ms); print("decode_ms", dec_ms); print("tokens", ",".join(map(str, toks))); print("torch", torch.__version__)
""";
}
