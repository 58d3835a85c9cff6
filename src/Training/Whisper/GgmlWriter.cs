using System.Text;

namespace MusicDashboard.Training.Whisper;

/// <summary>
/// Writes whisper.cpp ggml model files: re-encodes a loaded model in other tensor types (the quantised test variants) and
/// builds synthetic random-weight models at real sizes for the benchmark. Layout as the converter writes it: extents
/// reversed, data unchanged, conv biases as [1, D].
/// </summary>
public static class GgmlWriter
{
    /// <summary>The type whisper.cpp stores a tensor in for a file of <paramref name="weightType"/>: positional
    /// embeddings, biases and norms stay F32; conv weights become F16 when the weight type is quantised (ggml does not
    /// quantise them); every other matrix takes the weight type.</summary>
    public static GgmlType TypeFor(string name, long[] shape, GgmlType weightType)
    {
        if (shape.Length < 2 || name.EndsWith("positional_embedding", StringComparison.Ordinal)) return GgmlType.F32;
        if (name.Contains(".conv", StringComparison.Ordinal)) return weightType == GgmlType.F32 ? GgmlType.F32 : GgmlType.F16;
        return weightType;
    }

    public static int FTypeOf(GgmlType weightType) => weightType switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        // ggml ftype numbering (MOSTLY_Q4_0 2, Q4_1 3, Q8_0 7, Q5_0 8, Q5_1 9) plus 1000 x quantisation version 2.
        GgmlType.Q4_0 => 2002,
        GgmlType.Q4_1 => 2003,
        GgmlType.Q8_0 => 2007,
        GgmlType.Q5_0 => 2008,
        GgmlType.Q5_1 => 2009,
        _ => throw new ArgumentOutOfRangeException(nameof(weightType)),
    };

    public static void Write(string path, WhisperHParams h, float[] melFilters, int melBins, IReadOnlyList<byte[]> vocab,
        IEnumerable<(string Name, long[] Shape, float[] Data)> tensors, GgmlType weightType)
    {
        using var f = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20));
        f.Write(GgmlModelFile.Magic);
        foreach (var v in new[] { h.NVocab, h.NAudioCtx, h.NAudioState, h.NAudioHead, h.NAudioLayer, h.NTextCtx, h.NTextState, h.NTextHead, h.NTextLayer, h.NMels, FTypeOf(weightType) })
            f.Write(v);
        f.Write(h.NMels);
        f.Write(melBins);
        foreach (var v in melFilters) f.Write(v);
        f.Write(vocab.Count);
        foreach (var t in vocab) { f.Write(t.Length); f.Write(t); }
        foreach (var (name, shape, data) in tensors)
        {
            var type = TypeFor(name, shape, weightType);
            long[] ne = name is "encoder.conv1.bias" or "encoder.conv2.bias" ? [1, shape[0]] : shape.Reverse().ToArray();
            var nameBytes = Encoding.UTF8.GetBytes(name);
            f.Write(ne.Length);
            f.Write(nameBytes.Length);
            f.Write((int)type);
            foreach (var e in ne) f.Write((int)e);
            f.Write(nameBytes);
            f.Write(GgmlQuant.Quantise(type, data));
        }
    }

    /// <summary>Re-encodes a loaded model with another weight type (values as loaded, i.e. already dequantised).</summary>
    public static void Write(string path, GgmlModelFile model, GgmlType weightType) =>
        Write(path, model.HParams with { FType = FTypeOf(weightType) }, model.MelFilters, model.MelFilterBins, model.Vocab,
            GgmlModelFile.ExpectedTensors(model.HParams).Select(t => (t.Name, t.Shape, model.Tensors[t.Name].Data)), weightType);

    /// <summary>
    /// A random-weight model with real dimensions (for timing only: its transcripts are noise). Weights are N(0,1)/sqrt(fan_in),
    /// norms near 1, biases small, token rows of equal norm, encoder positions Whisper's sinusoids; the vocabulary and
    /// filters come from <paramref name="template"/> when given (so a real tokenizer is present), else placeholders.
    /// </summary>
    public static void WriteSynthetic(string path, WhisperHParams h, GgmlType weightType, int seed, GgmlModelFile? template = null)
    {
        var rng = new Random(seed);
        float Normal() => (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        var filters = template is not null && template.HParams.NMels == h.NMels ? template.MelFilters : new float[h.NMels * 201];
        if (template is null || template.HParams.NMels != h.NMels)
            for (var m = 0; m < h.NMels; m++) filters[m * 201 + 1 + m * 200 / h.NMels] = 1; // one bin per band: a valid, crude bank
        var vocabCount = h.Multilingual ? 50257 : 50256;
        var vocab = template is not null && template.Vocab.Length == vocabCount
            ? template.Vocab
            : Enumerable.Range(0, vocabCount).Select(i => i < 256 ? new[] { (byte)i } : Encoding.UTF8.GetBytes($"<{i}>")).ToArray();
        IEnumerable<(string, long[], float[])> Tensors()
        {
            foreach (var (name, shape) in GgmlModelFile.ExpectedTensors(h))
            {
                var n = (int)shape.Aggregate(1L, (a, b) => a * b);
                var data = new float[n];
                if (name == "encoder.positional_embedding") data = WhisperModel.Sinusoids(h.NAudioCtx, h.NAudioState);
                else if (name.EndsWith("ln.weight", StringComparison.Ordinal) || name.EndsWith("ln_post.weight", StringComparison.Ordinal))
                    for (var i = 0; i < n; i++) data[i] = 1 + 0.1f * Normal();
                else if (shape.Length == 1) for (var i = 0; i < n; i++) data[i] = 0.05f * Normal();
                else if (name == "decoder.token_embedding.weight")
                {
                    var d = (int)shape[1];
                    for (var row = 0; row < shape[0]; row++)
                    {
                        double norm = 0;
                        for (var j = 0; j < d; j++) { var v = Normal(); data[row * d + j] = v; norm += v * v; }
                        var s = (float)(2.0 / Math.Sqrt(norm));
                        for (var j = 0; j < d; j++) data[row * d + j] *= s;
                    }
                }
                else
                {
                    var fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
                    var scale = name == "decoder.positional_embedding" ? 1f : (float)(1 / Math.Sqrt(fanIn));
                    for (var i = 0; i < n; i++) data[i] = Normal() * scale;
                }
                yield return (name, shape, data);
            }
        }
        Write(path, h with { FType = FTypeOf(weightType) }, filters, 201, vocab, Tensors(), weightType);
    }
}
