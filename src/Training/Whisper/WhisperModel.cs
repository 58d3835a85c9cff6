using MusicDashboard.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MusicDashboard.Training.Whisper;

/// <summary>
/// openai-whisper's network (model.py) on TorchSharp, with weights from a ggml file: the log-mel front end (audio.py),
/// the encoder (conv stem + GELU, sinusoidal positions, pre-norm blocks, ln_post) and the decoder (learned positions,
/// causal self-attention with a key/value cache, cross-attention whose keys and values are computed once per window,
/// logits through the tied token embedding). Inference only; callers own the dispose scope around each call.
/// </summary>
public sealed class WhisperModel : IDisposable
{
    public const int SampleRate = 16000, NFft = 400, HopLength = 160, ChunkSeconds = 30;
    public const int ChunkSamples = SampleRate * ChunkSeconds, ChunkFrames = ChunkSamples / HopLength;

    private readonly Dictionary<string, Tensor> _w = new(StringComparer.Ordinal);
    private readonly Tensor _melFilters, _window;

    public WhisperHParams HParams { get; }
    public WhisperTokenizer Tokenizer { get; }
    public string FileName { get; }
    /// <summary>Tensor types as stored in the file (e.g. "F16", "Q5_0 + F32"), for logs and the benchmark.</summary>
    public string StoredTypes { get; }

    public WhisperModel(GgmlModelFile file)
    {
        HParams = file.HParams;
        FileName = file.FileName;
        Tokenizer = new WhisperTokenizer(file.HParams.NVocab, file.Vocab);
        StoredTypes = string.Join(" + ", file.Tensors.Values.GroupBy(t => t.StoredType).OrderByDescending(g => g.Sum(t => t.Data.LongLength)).Select(g => g.Key.ToString()));
        var device = TorchRuntime.Device;
        using (no_grad())
        {
            foreach (var (name, t) in file.Tensors)
                _w[name] = tensor(t.Data, t.Shape, dtype: float32, device: device).DetachFromDisposeScope();
            // Self-attention projections fused into one [3D, D] product (key has no bias: zeros): one GEMM instead of three.
            foreach (var p in Enumerable.Range(0, HParams.NAudioLayer).Select(i => $"encoder.blocks.{i}.attn")
                         .Concat(Enumerable.Range(0, HParams.NTextLayer).Select(i => $"decoder.blocks.{i}.attn")))
            {
                _w[$"{p}.qkv.weight"] = cat([_w[$"{p}.query.weight"], _w[$"{p}.key.weight"], _w[$"{p}.value.weight"]], 0).DetachFromDisposeScope();
                using var zero = zeros_like(_w[$"{p}.query.bias"]);
                _w[$"{p}.qkv.bias"] = cat([_w[$"{p}.query.bias"], zero, _w[$"{p}.value.bias"]], 0).DetachFromDisposeScope();
            }
            _melFilters = tensor(file.MelFilters, [file.HParams.NMels, file.MelFilterBins], device: device).DetachFromDisposeScope();
            _window = hann_window(NFft, periodic: true, dtype: float32, device: device).DetachFromDisposeScope();
        }
    }

    public static WhisperModel Load(string path) => new(GgmlModelFile.Load(path));

    /// <summary>Whisper's sinusoidal position table [length, channels] (model.py sinusoids, max_timescale 10000).</summary>
    public static float[] Sinusoids(int length, int channels)
    {
        var half = channels / 2;
        var inc = (float)(Math.Log(10000) / (half - 1));
        var table = new float[length * channels];
        for (var p = 0; p < length; p++)
            for (var i = 0; i < half; i++)
            {
                var inv = MathF.Exp(-inc * i);
                var angle = p * inv;
                table[p * channels + i] = MathF.Sin(angle);
                table[p * channels + half + i] = MathF.Cos(angle);
            }
        return table;
    }

    /// <summary>Pads with zeros or trims to <paramref name="length"/> samples (audio.py pad_or_trim).</summary>
    public static float[] PadOrTrim(float[] samples, int length = ChunkSamples)
    {
        var o = new float[length];
        Array.Copy(samples, o, Math.Min(length, samples.Length));
        return o;
    }

    /// <summary>audio.py log_mel_spectrogram: 16 kHz samples -> [n_mels, samples / 160] (centred reflect-padded STFT, last
    /// frame dropped, |X|^2, the file's mel filters, log10 floored at 1e-10 and at max - 8, then (x + 4) / 4).</summary>
    public Tensor LogMel(float[] samples16k)
    {
        using var audio = tensor(samples16k, device: TorchRuntime.Device);
        var spec = stft(audio, NFft, hop_length: HopLength, win_length: NFft, window: _window, center: true,
            pad_mode: PaddingModes.Reflect, return_complex: true);
        var frames = spec.shape[1] - 1;
        var parts = view_as_real(spec.narrow(1, 0, frames));
        var power = (parts * parts).sum(-1); // not square(): TorchSharp implements it as pow(2) with an implicit Scalar
        var mel = matmul(_melFilters, power);
        // Explicit Scalars, disposed on return: an implicit double -> Scalar temporary can be finalised while libtorch
        // still reads it (see Spectrogram.PowerToDb).
        using var floor = 1e-10.ToScalar();
        using var range = 8.0.ToScalar();
        using var four = 4.0.ToScalar();
        var log = clamp_min(mel, floor).log10();
        log = maximum(log, log.max() - range);
        return log.Plus(four) / four;
    }

    /// <summary>Encoder on one window: mel [n_mels, 3000] -> audio features [1, 1500, D].</summary>
    public Tensor Encode(Tensor mel)
    {
        var x = mel.unsqueeze(0);
        x = F.gelu(F.conv1d(x, _w["encoder.conv1.weight"], _w["encoder.conv1.bias"], padding: 1));
        x = F.gelu(F.conv1d(x, _w["encoder.conv2.weight"], _w["encoder.conv2.bias"], stride: 2, padding: 1));
        x = x.permute(0, 2, 1);
        var pos = _w["encoder.positional_embedding"];
        if (x.shape[1] != pos.shape[0]) throw new ArgumentException($"encoder input gives {x.shape[1]} positions, the model has {pos.shape[0]} (mel must be [{HParams.NMels}, {2 * pos.shape[0]}])");
        x = x.Plus(pos); // Plus, not +: see TorchScalars
        for (var i = 0; i < HParams.NAudioLayer; i++)
        {
            var p = $"encoder.blocks.{i}";
            var qkv = Project(Norm(x, $"{p}.attn_ln"), $"{p}.attn.qkv").chunk(3, -1);
            x = x.Plus(Attention(qkv[0], qkv[1], qkv[2], $"{p}.attn", HParams.NAudioHead, causal: false));
            x = x.Plus(Mlp(Norm(x, $"{p}.mlp_ln"), p));
        }
        return Norm(x, "encoder.ln_post");
    }

    /// <summary>Starts decoding against one window's audio features: computes every layer's cross-attention keys and
    /// values once, and allocates the self-attention cache for n_text_ctx positions.</summary>
    public DecoderState StartDecoder(Tensor audioFeatures)
    {
        var h = HParams;
        var dh = h.NTextState / h.NTextHead;
        var state = new DecoderState(h.NTextLayer);
        for (var i = 0; i < h.NTextLayer; i++)
        {
            var p = $"decoder.blocks.{i}.cross_attn";
            state.CrossK[i] = SplitHeads(Project(audioFeatures, $"{p}.key"), h.NTextHead).DetachFromDisposeScope();
            state.CrossV[i] = SplitHeads(Project(audioFeatures, $"{p}.value"), h.NTextHead).DetachFromDisposeScope();
            state.SelfK[i] = zeros([1, h.NTextHead, h.NTextCtx, dh], device: audioFeatures.device).DetachFromDisposeScope();
            state.SelfV[i] = zeros([1, h.NTextHead, h.NTextCtx, dh], device: audioFeatures.device).DetachFromDisposeScope();
        }
        return state;
    }

    /// <summary>Feeds <paramref name="tokens"/> at the state's offset and returns logits [n, n_vocab] for the positions in
    /// <paramref name="logitRows"/> (all fed positions when null). Advances the cache.</summary>
    public Tensor DecodeStep(DecoderState state, IReadOnlyList<int> tokens, IReadOnlyList<int>? logitRows = null)
    {
        var h = HParams;
        var n = tokens.Count;
        var offset = state.Offset;
        if (offset + n > h.NTextCtx) throw new InvalidOperationException($"decoder context full ({h.NTextCtx} tokens)");
        using var ids = tensor(tokens.Select(t => (long)t).ToArray(), [1, n], device: state.CrossK[0].device);
        var emb = _w["decoder.token_embedding.weight"];
        var x = emb.index_select(0, ids.view(-1)).unsqueeze(0).Plus(_w["decoder.positional_embedding"].narrow(0, offset, n));
        for (var i = 0; i < h.NTextLayer; i++)
        {
            var p = $"decoder.blocks.{i}";
            var qkv = Project(Norm(x, $"{p}.attn_ln"), $"{p}.attn.qkv").chunk(3, -1);
            var q = qkv[0];
            state.SelfK[i].narrow(2, offset, n).copy_(SplitHeads(qkv[1], h.NTextHead));
            state.SelfV[i].narrow(2, offset, n).copy_(SplitHeads(qkv[2], h.NTextHead));
            var k = state.SelfK[i].narrow(2, 0, offset + n);
            var v = state.SelfV[i].narrow(2, 0, offset + n);
            // Causal masking is only needed among the tokens fed together, which start at offset 0 (the prompt);
            // a single later token sees the whole cache.
            x = x.Plus(Out(Sdpa(SplitHeads(q, h.NTextHead), k, v, causal: n > 1), $"{p}.attn"));
            if (n > 1 && offset > 0) throw new InvalidOperationException("several tokens may only be fed at offset 0");
            var c = Norm(x, $"{p}.cross_attn_ln");
            x = x.Plus(Out(Sdpa(SplitHeads(Project(c, $"{p}.cross_attn.query"), h.NTextHead), state.CrossK[i], state.CrossV[i], causal: false), $"{p}.cross_attn"));
            x = x.Plus(Mlp(Norm(x, $"{p}.mlp_ln"), p));
        }
        state.Offset += n;
        var rows = x[0];
        if (logitRows is not null)
        {
            using var idx = tensor(logitRows.Select(r => (long)r).ToArray(), device: rows.device);
            rows = rows.index_select(0, idx);
        }
        // Only the rows asked for go through ln and the vocabulary projection: that product dominates per-token cost.
        return matmul(Norm(rows, "decoder.ln"), emb.t());
    }

    private Tensor Norm(Tensor x, string p) => F.layer_norm(x, [x.shape[^1]], _w[$"{p}.weight"], _w[$"{p}.bias"], 1e-5);

    private Tensor Project(Tensor x, string p) => F.linear(x, _w[$"{p}.weight"], _w.GetValueOrDefault($"{p}.bias"));

    private Tensor Mlp(Tensor x, string p) => Project(F.gelu(Project(x, $"{p}.mlp.0")), $"{p}.mlp.2");

    private static Tensor SplitHeads(Tensor x, int heads) => x.view(x.shape[0], x.shape[1], heads, -1).permute(0, 2, 1, 3);

    private static Tensor Sdpa(Tensor q, Tensor k, Tensor v, bool causal) =>
        F.scaled_dot_product_attention(q, k, v, is_casual: causal);

    private Tensor Out(Tensor heads, string p)
    {
        var merged = heads.permute(0, 2, 1, 3).reshape(heads.shape[0], heads.shape[2], -1);
        return Project(merged, $"{p}.out");
    }

    private Tensor Attention(Tensor q, Tensor k, Tensor v, string p, int heads, bool causal) =>
        Out(Sdpa(SplitHeads(q, heads), SplitHeads(k, heads), SplitHeads(v, heads), causal), p);

    public void Dispose()
    {
        foreach (var t in _w.Values) t.Dispose();
        _melFilters.Dispose();
        _window.Dispose();
    }
}
