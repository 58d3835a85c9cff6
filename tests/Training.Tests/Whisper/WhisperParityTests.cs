using TorchSharp;
using MusicDashboard.Training.Whisper;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Tests.Whisper;

/// <summary>
/// Parity with openai-whisper (release 20250625) on the fixture models: log-mel, encoder output, first decoder step's
/// logits (all within 1e-4 absolute, the fixtures' README tolerance; BLAS libraries alone move them by 1.4e-5), and the
/// greedy token ids exactly: raw argmax for 20 steps (exercises the key/value cache) and whisper.decode's default
/// suppression (SuppressBlank + the non-speech set), with its avg_logprob, no_speech_prob and text.
/// </summary>
public sealed class WhisperParityTests
{
    public static TheoryData<string, string> Cases() => new() { { "f16", "speech" }, { "f16", "sines" }, { "f32", "speech" }, { "f32", "sines" } };

    private const double Tolerance = 1e-4;

    [Theory]
    [MemberData(nameof(Cases))]
    public void LogMelEncoderAndFirstStepLogitsMatchOpenAiWhisper(string kind, string audio)
    {
        using var model = WhisperModel.Load(WhisperFixtures.ModelPath(kind));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var samples = WhisperFixtures.Audio(audio == "speech" ? "speech_en_16k.wav" : "sines_16k.wav");
        var refs = WhisperFixtures.Refs(audio);
        Assert.Equal(refs.GetProperty("audio").GetProperty("n_samples").GetInt32(), samples.Length);

        var mel = model.LogMel(WhisperModel.PadOrTrim(samples));
        var (refMel, melShape) = WhisperFixtures.Npy($"{audio}_mel");
        Assert.Equal([80, 3000], mel.shape.Select(x => (int)x).ToArray());
        Assert.Equal([80, 3000], melShape);
        var melDiff = WhisperFixtures.MaxAbsDiff(refMel, mel.data<float>().ToArray());
        Assert.True(melDiff < Tolerance, $"log-mel differs by {melDiff}");

        // The encoder runs on the reference mel, so its check does not inherit the front end's error.
        var enc = model.Encode(tensor(refMel, [80, 3000]));
        var (refEnc, _) = WhisperFixtures.Npy($"{audio}_encoder");
        var encDiff = WhisperFixtures.MaxAbsDiff(refEnc, enc.data<float>().ToArray());
        Assert.True(encDiff < Tolerance, $"encoder output differs by {encDiff}");

        var features = tensor(refEnc, [1, 1500, 64]);
        using var state = model.StartDecoder(features);
        var prompt = model.Tokenizer.Prompt("en");
        Assert.Equal([50258, 50259, 50359, 50363], prompt);
        var logits = model.DecodeStep(state, prompt, [prompt.Length - 1]);
        var (refLogits, _) = WhisperFixtures.Npy($"{audio}_logits_last");
        var logitDiff = WhisperFixtures.MaxAbsDiff(refLogits, logits[0].data<float>().ToArray());
        Assert.True(logitDiff < Tolerance, $"last-position logits differ by {logitDiff}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GreedyTokensMatchOpenAiWhisperExactly(string kind, string audio)
    {
        using var model = WhisperModel.Load(WhisperFixtures.ModelPath(kind));
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var refs = WhisperFixtures.Refs(audio);
        var samples = WhisperFixtures.Audio(audio == "speech" ? "speech_en_16k.wav" : "sines_16k.wav");
        var features = model.Encode(model.LogMel(WhisperModel.PadOrTrim(samples)));
        var prompt = model.Tokenizer.Prompt("en");

        // Raw argmax, no suppression, 20 steps, one token at a time through the cache.
        using (var state = model.StartDecoder(features))
        {
            var raw = new List<int>();
            var logits = model.DecodeStep(state, prompt, [prompt.Length - 1])[0];
            for (var i = 0; i < 20; i++)
            {
                raw.Add((int)logits.argmax().ToInt64());
                if (i < 19) logits = model.DecodeStep(state, [raw[^1]])[0];
            }
            Assert.Equal(WhisperFixtures.Ints(refs.GetProperty("greedy_raw").GetProperty("tokens")), raw);
        }

        var decode = refs.GetProperty("greedy_whisper_decode");
        var result = new WhisperTranscriber(model).DecodeWindow(features, prompt, temperature: 0, maxTokens: 20, new Random(0));
        Assert.Equal(WhisperFixtures.Ints(decode.GetProperty("tokens")), result.TextTokens);
        Assert.Equal(prompt.Concat(result.TextTokens), result.Tokens); // 20 tokens, no end-of-text reached
        Assert.Equal(decode.GetProperty("text").GetString(), result.Text);
        Assert.Equal(decode.GetProperty("avg_logprob").GetDouble(), result.AvgLogProb, 1e-4);
        Assert.Equal(decode.GetProperty("no_speech_prob").GetDouble(), result.NoSpeechProb, 1e-6);
    }
}
