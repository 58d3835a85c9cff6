using System.Text.Json;
using MusicDashboard.Training.Whisper;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Tests.Whisper;

/// <summary>
/// Block quantisation against ggml's reference (quant_refs.json, written by make_quant_refs.py from ggml-quants.c's
/// *_ref routines in float32 NumPy): our quantiser gives the same bytes and our dequantiser the same values. Then whole
/// quantised models: each runs and stays close to the f32 model rebuilt from its own dequantised weights (same numbers,
/// so only float32 arithmetic order differs), and within a stated distance of the unquantised reference.
/// </summary>
public sealed class GgmlQuantTests
{
    public static TheoryData<string> Types() => new() { "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1" };

    [Theory]
    [MemberData(nameof(Types))]
    public void QuantiseAndDequantiseMatchGgmlReference(string typeName)
    {
        var refs = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("whisper/quant_refs.json"))).RootElement;
        var input = refs.GetProperty("input").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var type = Enum.Parse<GgmlType>(typeName);
        var r = refs.GetProperty(typeName);
        var bytes = GgmlQuant.Quantise(type, input);
        Assert.Equal(r.GetProperty("hex").GetString(), Convert.ToHexStringLower(bytes));
        var back = new float[input.Length];
        GgmlQuant.Dequantise(type, bytes, back);
        Assert.Equal(r.GetProperty("dequantised").EnumerateArray().Select(e => e.GetSingle()).ToArray(), back);
    }

    [Theory]
    // Bounds: 1.5x the measured maximum shift of the last-position logits (random weights quantise worse than trained
    // ones: no outliers to spend the scale on). Measured: Q8_0 0.087, Q5_1 0.60, Q5_0 0.75, Q4_1 1.68, Q4_0 2.03.
    [InlineData(GgmlType.Q8_0, 0.13)]
    [InlineData(GgmlType.Q5_1, 0.9)]
    [InlineData(GgmlType.Q5_0, 1.13)]
    [InlineData(GgmlType.Q4_1, 2.5)]
    [InlineData(GgmlType.Q4_0, 3.0)]
    public void QuantisedModelsLoadAndMatchTheirDequantisedF32Twin(GgmlType type, double maxLogitShift)
    {
        var dir = Directory.CreateTempSubdirectory("whisper-quant-").FullName;
        try
        {
            var source = GgmlModelFile.Load(WhisperFixtures.ModelPath("f32"));
            var quantPath = Path.Combine(dir, $"q.bin");
            GgmlWriter.Write(quantPath, source, type);
            var quant = GgmlModelFile.Load(quantPath);
            Assert.Equal(GgmlWriter.FTypeOf(type), quant.HParams.FType);
            Assert.Equal(type, quant.Tensors["decoder.token_embedding.weight"].StoredType);
            Assert.Equal(GgmlType.F16, quant.Tensors["encoder.conv1.weight"].StoredType);
            Assert.True(new FileInfo(quantPath).Length < new FileInfo(WhisperFixtures.ModelPath("f16")).Length);
            var twinPath = Path.Combine(dir, "twin.bin");
            GgmlWriter.Write(twinPath, quant, GgmlType.F32);

            var samples = WhisperModel.PadOrTrim(WhisperFixtures.Audio("speech_en_16k.wav"));
            var (refLogits, _) = WhisperFixtures.Npy("speech_logits_last");
            float[] LastLogits(string path, out int[] tokens)
            {
                using var model = WhisperModel.Load(path);
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var features = model.Encode(model.LogMel(samples));
                tokens = new WhisperTranscriber(model).DecodeWindow(features, model.Tokenizer.Prompt("en"), 0, 10, new Random(0)).TextTokens;
                using var state = model.StartDecoder(features);
                return model.DecodeStep(state, model.Tokenizer.Prompt("en"), [3])[0].data<float>().ToArray();
            }
            var q = LastLogits(quantPath, out var qTokens);
            var twin = LastLogits(twinPath, out var twinTokens);
            Assert.True(WhisperFixtures.MaxAbsDiff(q, twin) < 1e-4, "a quantised model must compute what its dequantised weights say");
            Assert.Equal(twinTokens, qTokens);
            var shift = WhisperFixtures.MaxAbsDiff(q, refLogits);
            Assert.True(shift < maxLogitShift, $"{type}: logits moved {shift} from the unquantised reference (logits span about +-8)");
        }
        finally { Directory.Delete(dir, true); }
    }
}
