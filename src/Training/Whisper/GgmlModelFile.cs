using System.Buffers.Binary;
using System.Text;

namespace MusicDashboard.Training.Whisper;

/// <summary>
/// Reads the legacy (pre-GGUF) ggml container that whisper.cpp's converter writes (ggml-tiny.bin, ggml-base.en.bin, ...):
/// magic, hparams, the mel filter bank, the byte-level vocabulary, then tensor records until the end of the file.
/// Every tensor is dequantised to float32 at load (F16, Q8_0, Q5_0, Q5_1, Q4_0, Q4_1). Anything wrong with the file is a
/// <see cref="WhisperModelException"/> naming the file and the place.
/// </summary>
public sealed class GgmlModelFile
{
    public const uint Magic = 0x67676d6c;

    public required string Path { get; init; }
    public required WhisperHParams HParams { get; init; }
    /// <summary>[n_mel, n_fft] row-major (n_fft = 201 bins for Whisper's 400-point FFT).</summary>
    public required float[] MelFilters { get; init; }
    public required int MelFilterBins { get; init; }
    /// <summary>Raw bytes of each BPE rank (no special tokens: their ids follow from n_vocab).</summary>
    public required byte[][] Vocab { get; init; }
    public required IReadOnlyDictionary<string, GgmlTensor> Tensors { get; init; }

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Names every Whisper tensor a model with these hparams must have, with its PyTorch shape.</summary>
    public static IEnumerable<(string Name, long[] Shape)> ExpectedTensors(WhisperHParams h)
    {
        long d = h.NAudioState, m = h.NMels;
        yield return ("encoder.positional_embedding", [h.NAudioCtx, d]);
        yield return ("encoder.conv1.weight", [d, m, 3]);
        yield return ("encoder.conv1.bias", [d]);
        yield return ("encoder.conv2.weight", [d, d, 3]);
        yield return ("encoder.conv2.bias", [d]);
        for (var i = 0; i < h.NAudioLayer; i++)
            foreach (var t in Block($"encoder.blocks.{i}", d, cross: false)) yield return t;
        yield return ("encoder.ln_post.weight", [d]);
        yield return ("encoder.ln_post.bias", [d]);
        long td = h.NTextState;
        // State-dict order (the converter's): a module's own parameters before its children's.
        yield return ("decoder.positional_embedding", [h.NTextCtx, td]);
        yield return ("decoder.token_embedding.weight", [h.NVocab, td]);
        for (var i = 0; i < h.NTextLayer; i++)
            foreach (var t in Block($"decoder.blocks.{i}", td, cross: true)) yield return t;
        yield return ("decoder.ln.weight", [td]);
        yield return ("decoder.ln.bias", [td]);
    }

    private static IEnumerable<(string, long[])> Block(string p, long d, bool cross)
    {
        foreach (var attn in cross ? new[] { "attn", "cross_attn" } : ["attn"])
        {
            yield return ($"{p}.{attn}.query.weight", [d, d]);
            yield return ($"{p}.{attn}.query.bias", [d]);
            yield return ($"{p}.{attn}.key.weight", [d, d]);
            yield return ($"{p}.{attn}.value.weight", [d, d]);
            yield return ($"{p}.{attn}.value.bias", [d]);
            yield return ($"{p}.{attn}.out.weight", [d, d]);
            yield return ($"{p}.{attn}.out.bias", [d]);
            yield return ($"{p}.{attn}_ln.weight", [d]);
            yield return ($"{p}.{attn}_ln.bias", [d]);
        }
        yield return ($"{p}.mlp.0.weight", [4 * d, d]);
        yield return ($"{p}.mlp.0.bias", [4 * d]);
        yield return ($"{p}.mlp.2.weight", [d, 4 * d]);
        yield return ($"{p}.mlp.2.bias", [d]);
        yield return ($"{p}.mlp_ln.weight", [d]);
        yield return ($"{p}.mlp_ln.bias", [d]);
    }

    public static GgmlModelFile Load(string path)
    {
        if (!File.Exists(path)) throw new WhisperModelException(path, "file not found");
        try
        {
            // Streamed: real large models (about 3 GB) exceed a single array.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            return Parse(path, stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new WhisperModelException(path, $"cannot read: {e.Message}"); }
    }

    public static GgmlModelFile Parse(string path, Stream stream)
    {
        var r = new Cursor(path, stream);
        var magic = r.UInt32("magic");
        if (magic != Magic)
            throw new WhisperModelException(path, $"wrong magic 0x{magic:x8} at offset 0 (a whisper.cpp ggml file starts with 0x{Magic:x8} \"ggml\"; GGUF and PyTorch .pt files are not supported)");
        var hv = new int[11];
        string[] names = ["n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer", "n_text_ctx", "n_text_state", "n_text_head", "n_text_layer", "n_mels", "ftype"];
        for (var i = 0; i < 11; i++) hv[i] = r.Int32($"hparams.{names[i]}");
        var h = new WhisperHParams(hv[0], hv[1], hv[2], hv[3], hv[4], hv[5], hv[6], hv[7], hv[8], hv[9], hv[10]);
        for (var i = 0; i < 10; i++)
            if (hv[i] <= 0 || hv[i] > 1_000_000) throw new WhisperModelException(path, $"hparams.{names[i]} = {hv[i]} is not a plausible value");
        if (h.NAudioState % h.NAudioHead != 0 || h.NTextState % h.NTextHead != 0)
            throw new WhisperModelException(path, "hparams: the state size is not divisible by the number of heads");
        if (h.NAudioState != h.NTextState)
            throw new WhisperModelException(path, $"hparams: n_audio_state {h.NAudioState} != n_text_state {h.NTextState} (whisper.cpp requires them equal)");

        var nMel = r.Int32("mel filters n_mel");
        var nFft = r.Int32("mel filters n_fft");
        if (nMel != h.NMels || nFft <= 0 || nFft > 100_000)
            throw new WhisperModelException(path, $"mel filters header n_mel {nMel}, n_fft {nFft} does not match hparams.n_mels {h.NMels}");
        var filters = r.Floats("mel filters", (long)nMel * nFft);

        var nTokens = r.Int32("vocab size");
        if (nTokens < 0 || nTokens > h.NVocab) throw new WhisperModelException(path, $"vocab size {nTokens} is not within 0..n_vocab {h.NVocab}");
        var vocab = new byte[nTokens][];
        for (var i = 0; i < nTokens; i++)
        {
            var len = r.Int32($"vocab entry {i} length");
            if (len < 0 || len > 1024) throw new WhisperModelException(path, $"vocab entry {i} has length {len}");
            vocab[i] = r.Bytes($"vocab entry {i}", len);
        }

        var expected = ExpectedTensors(h).ToDictionary(t => t.Name, t => t.Shape);
        var tensors = new Dictionary<string, GgmlTensor>(StringComparer.Ordinal);
        while (!r.AtEnd)
        {
            var at = r.Offset;
            var nDims = r.Int32($"tensor record header at offset {at}");
            var nameLen = r.Int32($"tensor record header at offset {at}");
            var ttype = r.Int32($"tensor record header at offset {at}");
            if (nDims is < 1 or > 4 || nameLen is < 1 or > 512)
                throw new WhisperModelException(path, $"tensor record at offset {at}: n_dims {nDims}, name length {nameLen} are not valid");
            var ne = new long[nDims];
            for (var i = 0; i < nDims; i++) ne[i] = r.Int32($"tensor record at offset {at} extents");
            var name = Encoding.UTF8.GetString(r.Bytes($"tensor name at offset {at}", nameLen));
            if (!GgmlQuant.IsKnown(ttype))
                throw new WhisperModelException(path, $"tensor '{name}' has unknown ggml type {ttype} (supported: F32 0, F16 1, Q4_0 2, Q4_1 3, Q5_0 6, Q5_1 7, Q8_0 8)");
            var type = (GgmlType)ttype;
            if (!expected.TryGetValue(name, out var shape))
                throw new WhisperModelException(path, $"unexpected tensor '{name}' at offset {at} (not part of a Whisper model with these hparams)");
            var count = ne.Aggregate(1L, (a, b) => a * b);
            var want = shape.Aggregate(1L, (a, b) => a * b);
            if (count != want)
                throw new WhisperModelException(path, $"tensor '{name}' has extents [{string.Join(", ", ne)}], expected {want} values for shape [{string.Join(", ", shape)}]");
            if (GgmlQuant.IsQuantised(type) && count % GgmlQuant.BlockSize != 0)
                throw new WhisperModelException(path, $"tensor '{name}' is {type} but its {count} values are not whole blocks of {GgmlQuant.BlockSize}");
            var data = r.Bytes($"data of tensor '{name}' ({type}, {count} values)", GgmlQuant.ByteSize(type, count));
            var values = new float[count];
            GgmlQuant.Dequantise(type, data, values);
            if (!tensors.TryAdd(name, new GgmlTensor(name, type, shape, values)))
                throw new WhisperModelException(path, $"tensor '{name}' appears twice");
        }
        var missing = expected.Keys.Where(k => !tensors.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            throw new WhisperModelException(path, $"missing tensor '{missing[0]}'" + (missing.Count > 1 ? $" and {missing.Count - 1} more (the file may be truncated)" : ""));
        return new GgmlModelFile { Path = path, HParams = h, MelFilters = filters, MelFilterBins = nFft, Vocab = vocab, Tensors = tensors };
    }

    /// <summary>Bounds-checked little-endian reads: running off the end names the section being read.</summary>
    private sealed class Cursor(string path, Stream stream)
    {
        private readonly long _length = stream.Length;
        public long Offset { get; private set; }
        public bool AtEnd => Offset >= _length;

        public byte[] Bytes(string what, long n)
        {
            if (n < 0 || Offset + n > _length)
                throw new WhisperModelException(path, $"truncated: {what} needs {n} bytes at offset {Offset}, the file ends at {_length}");
            var b = new byte[n];
            stream.ReadExactly(b);
            Offset += n;
            return b;
        }

        public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Bytes(what, 4));
        public uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(what, 4));

        public float[] Floats(string what, long n)
        {
            var s = Bytes(what, n * 4);
            var f = new float[n];
            for (var i = 0; i < n; i++) f[i] = BinaryPrimitives.ReadSingleLittleEndian(s.AsSpan(i * 4, 4));
            return f;
        }
    }
}
