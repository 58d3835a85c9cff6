using MusicDashboard.Training.Whisper;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Tests.Whisper;

/// <summary>
/// transcribe() behaviour on the random fixture model (its text is noise, but the control flow is Whisper's): 30-s
/// windows over long audio, the prompt (multilingual and English-only), language detection, temperature fallback with
/// seeded sampling, the no-speech rule that yields "no vocals detected", and the compression ratio.
/// </summary>
public sealed class WhisperTranscriberTests
{
    private static readonly TranscribeOptions Short = new() { MaxTokens = 6 };

    private static float[] Speech => WhisperFixtures.Audio("speech_en_16k.wav");

    [Fact]
    public void GreedyTranscriptOfOneWindowIsTheParityCheckedDecode()
    {
        using var model = WhisperModel.Load(WhisperFixtures.ModelPath("f16"));
        var t = new WhisperTranscriber(model).Transcribe(Speech, Short with { Temperatures = [0.0], NoSpeechThreshold = 1.0 });
        Assert.Single(t.Windows);
        var expected = WhisperFixtures.Ints(WhisperFixtures.Refs("speech").GetProperty("greedy_whisper_decode").GetProperty("tokens")).Take(6);
        Assert.Equal(expected, t.Windows[0].TextTokens);
        Assert.Equal([50258, 50259, 50359, 50363], t.Tokens.Take(4));
        Assert.Equal("en", t.Language);
        Assert.False(t.NoVocalsDetected);
        Assert.Equal(t.Windows[0].Text, t.Text);
        Assert.InRange(t.AudioSeconds, 3.43, 3.44);
    }

    [Fact]
    public void LongAudioGoesIn30sWindowsAndFallbackSamplesDeterministically()
    {
        using var model = WhisperModel.Load(WhisperFixtures.ModelPath("f16"));
        var audio = new float[35 * WhisperModel.SampleRate];
        for (var start = 0; start + Speech.Length < audio.Length; start += 20 * WhisperModel.SampleRate) Speech.CopyTo(audio, start);
        var options = Short with { NoSpeechThreshold = 1.0, Seed = 7, Temperatures = [0.0, 1.0] };
        var a = new WhisperTranscriber(model).Transcribe(audio, options);
        Assert.Equal([0.0, 30.0], a.Windows.Select(w => w.StartSeconds));
        // A random model is never confident (avg log-prob about -4 < -1): every window falls back to temperature 1.0.
        Assert.All(a.Windows, w => Assert.Equal(1.0, w.Temperature));
        Assert.All(a.Windows, w => Assert.True(w.AvgLogProb < -1));
        var b = new WhisperTranscriber(model).Transcribe(audio, options);
        Assert.Equal(a.Tokens, b.Tokens);
        var c = new WhisperTranscriber(model).Transcribe(audio, options with { Seed = 8 });
        Assert.NotEqual(a.Tokens, c.Tokens);
        // Windows decoded at a temperature above 0.5 do not prompt the next one (no <|startofprev|>).
        Assert.DoesNotContain(model.Tokenizer.StartOfPrev, a.Tokens);
    }

    [Fact]
    public void NoSpeechRuleGivesNoVocalsDetected()
    {
        using var model = WhisperModel.Load(WhisperFixtures.ModelPath("f16"));
        var greedy = Short with { Temperatures = [0.0] };
        // Whisper skips a window when no_speech_prob > threshold and avg_logprob <= -1. The fixture model's no-speech
        // probability is tiny (2.4e-5), so a threshold below it marks every window as silence, one above it none.
        var silent = new WhisperTranscriber(model).Transcribe(Speech, greedy with { NoSpeechThreshold = 1e-6 });
        Assert.True(silent.NoVocalsDetected);
        Assert.Equal("", silent.Text);
        Assert.All(silent.Windows, w => Assert.True(w.Skipped));
        var spoken = new WhisperTranscriber(model).Transcribe(Speech, greedy with { NoSpeechThreshold = 1e-3 });
        Assert.False(spoken.NoVocalsDetected);
        Assert.InRange(spoken.NoSpeechProb, 1e-5, 1e-4);
    }

    [Fact]
    public void LanguageIsDetectedOnMultilingualModels()
    {
        using var model = WhisperModel.Load(WhisperFixtures.ModelPath("f16"));
        var t = new WhisperTranscriber(model).Transcribe(Speech, Short with { Language = null, Temperatures = [0.0], NoSpeechThreshold = 1.0 });
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var features = model.Encode(model.LogMel(WhisperModel.PadOrTrim(Speech)));
        var (language, p) = new WhisperTranscriber(model).DetectLanguage(features);
        Assert.Equal(language, t.Language);
        Assert.InRange(p, 0, 1);
        Assert.Equal(model.Tokenizer.LanguageToken(language), t.Tokens[1]);
    }

    [Fact]
    public void EnglishOnlyModelsUseTheShortPrompt()
    {
        var dir = Directory.CreateTempSubdirectory("whisper-en-").FullName;
        try
        {
            var path = Path.Combine(dir, "ggml-small-random.en.bin");
            GgmlWriter.WriteSynthetic(path, new WhisperHParams(51864, 1500, 64, 2, 1, 448, 64, 2, 1, 80, 1), GgmlType.Q8_0, seed: 1);
            using var model = WhisperModel.Load(path);
            Assert.False(model.Tokenizer.Multilingual);
            var t = new WhisperTranscriber(model).Transcribe(Speech, Short with { Language = null, Temperatures = [0.0], NoSpeechThreshold = 1.0 });
            Assert.Equal([50257, 50362], t.Tokens.Take(2));
            Assert.Equal("en", t.Language);
            Assert.Throws<ArgumentException>(() => new WhisperTranscriber(model).Transcribe(Speech, Short with { Language = "de" }));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void CompressionRatioFlagsRepetition()
    {
        Assert.True(WhisperTranscriber.CompressionRatio(string.Concat(Enumerable.Repeat("la la la ", 40))) > 2.4);
        Assert.True(WhisperTranscriber.CompressionRatio("The quick brown fox jumps over the lazy dog.") < 2.4);
        Assert.Equal(0, WhisperTranscriber.CompressionRatio(""));
    }
}
