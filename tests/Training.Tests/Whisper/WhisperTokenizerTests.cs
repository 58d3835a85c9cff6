using System.Text;
using MusicDashboard.Training.Whisper;

namespace MusicDashboard.Training.Tests.Whisper;

public sealed class WhisperTokenizerTests
{
    private static WhisperTokenizer Multilingual()
    {
        var m = GgmlModelFile.Load(WhisperFixtures.ModelPath("f16"));
        return new WhisperTokenizer(m.HParams.NVocab, m.Vocab);
    }

    [Fact]
    public void SpecialIdsAndTheNonSpeechSetMatchOpenAiWhisper()
    {
        var t = Multilingual();
        var r = WhisperFixtures.Refs("common").GetProperty("tokenizer");
        Assert.Equal(r.GetProperty("sot").GetInt32(), t.Sot);
        Assert.Equal(r.GetProperty("eot").GetInt32(), t.Eot);
        Assert.Equal(r.GetProperty("en").GetInt32(), t.LanguageToken("en"));
        Assert.Equal(r.GetProperty("transcribe").GetInt32(), t.Transcribe);
        Assert.Equal(r.GetProperty("translate").GetInt32(), t.Translate);
        Assert.Equal(r.GetProperty("sot_prev").GetInt32(), t.StartOfPrev);
        Assert.Equal(r.GetProperty("sot_lm").GetInt32(), t.StartOfLm);
        Assert.Equal(r.GetProperty("no_speech").GetInt32(), t.NoSpeech);
        Assert.Equal(r.GetProperty("no_timestamps").GetInt32(), t.NoTimestamps);
        Assert.Equal(r.GetProperty("timestamp_begin").GetInt32(), t.TimestampBegin);
        Assert.Equal(r.GetProperty("num_languages").GetInt32(), t.NumLanguages);
        Assert.Equal(WhisperFixtures.Ints(r.GetProperty("non_speech_tokens")), t.NonSpeechTokens);
        Assert.Equal(WhisperFixtures.Ints(WhisperFixtures.Refs("speech").GetProperty("greedy_whisper_decode").GetProperty("suppress_tokens")),
            t.DefaultSuppressTokens());
        Assert.Equal([359], t.EncodePiece(" -"));
        Assert.Equal([220], t.EncodePiece(" "));
    }

    [Fact]
    public void EnglishOnlyIdsAreOneLower()
    {
        var t = new WhisperTokenizer(51864, Multilingual().Vocab()[..50256]);
        Assert.False(t.Multilingual);
        Assert.Equal(50256, t.Eot);
        Assert.Equal(50257, t.Sot);
        Assert.Equal(50358, t.Transcribe);
        Assert.Equal(50362, t.NoTimestamps);
        Assert.Equal(50363, t.TimestampBegin);
        Assert.Equal([50257, 50362], t.Prompt(null));
    }

    [Fact]
    public void DecodingJoinsBytesAcrossTokensBeforeUtf8()
    {
        var t = Multilingual();
        // "é" is C3 A9: find single-byte tokens for each half; each alone is invalid UTF-8, together one character.
        var vocab = t.Vocab();
        var c3 = Array.FindIndex(vocab, v => v.Length == 1 && v[0] == 0xC3);
        var a9 = Array.FindIndex(vocab, v => v.Length == 1 && v[0] == 0xA9);
        Assert.Equal("é", t.Decode([c3, a9]));
        Assert.Equal("\uFFFD", t.Decode([c3]));
        var hello = t.EncodePiece("Hello");
        Assert.Equal("Hello", t.Decode(hello.Append(t.Eot).Append(t.Sot)));
        Assert.Equal(Encoding.UTF8.GetString(vocab[2425]), " Hello");
    }
}
