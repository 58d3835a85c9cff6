using System.Text;

namespace MusicDashboard.Training.Whisper;

/// <summary>
/// Whisper's tokenizer over a ggml file's vocabulary: special-token ids derived from n_vocab as whisper.cpp does (the
/// file stores none), byte-level BPE for the few strings Whisper encodes itself (the non-speech symbol set), and
/// decoding that joins token bytes before UTF-8, so characters split across tokens come out whole.
/// </summary>
public sealed class WhisperTokenizer
{
    /// <summary>openai-whisper's LANGUAGES order: language token k is sot + 1 + k.</summary>
    public static readonly string[] LanguageCodes =
    [
        "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi",
        "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk",
        "te", "fa", "lv", "bn", "sr", "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw",
        "gl", "mr", "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo",
        "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue",
    ];

    private readonly byte[][] _vocab;
    private readonly Dictionary<string, int> _ranks;

    public WhisperTokenizer(int nVocab, byte[][] vocab)
    {
        _vocab = vocab;
        Multilingual = nVocab >= 51865;
        NumLanguages = nVocab - 51765 - (Multilingual ? 1 : 0);
        Eot = 50256 + (Multilingual ? 1 : 0);
        Sot = Eot + 1;
        Translate = Sot + NumLanguages + 1;
        Transcribe = Translate + 1;
        StartOfLm = Translate + 2;
        StartOfPrev = Translate + 3;
        NoSpeech = Translate + 4;
        NoTimestamps = Translate + 5;
        TimestampBegin = Translate + 6;
        // Latin-1 maps each byte to one char, so byte strings can key an ordinary dictionary.
        _ranks = new Dictionary<string, int>(vocab.Length, StringComparer.Ordinal);
        for (var i = 0; i < vocab.Length; i++) _ranks.TryAdd(Encoding.Latin1.GetString(vocab[i]), i);
        NonSpeechTokens = ComputeNonSpeechTokens();
    }

    public bool Multilingual { get; }
    public int NumLanguages { get; }
    public int Eot { get; }
    public int Sot { get; }
    public int Translate { get; }
    public int Transcribe { get; }
    public int StartOfLm { get; }
    public int StartOfPrev { get; }
    public int NoSpeech { get; }
    public int NoTimestamps { get; }
    public int TimestampBegin { get; }
    public IReadOnlyList<int> NonSpeechTokens { get; }

    /// <summary>The file's vocabulary: raw bytes per BPE rank.</summary>
    public byte[][] Vocab() => _vocab;

    public int LanguageToken(string code)
    {
        var k = Array.IndexOf(LanguageCodes, code);
        if (k < 0 || k >= NumLanguages) throw new ArgumentException($"unknown language '{code}' for this model ({NumLanguages} languages)");
        return Sot + 1 + k;
    }

    public string LanguageOf(int token) => LanguageCodes[token - Sot - 1];

    public IEnumerable<int> LanguageTokens => Enumerable.Range(Sot + 1, NumLanguages);

    /// <summary>The start-of-transcript prompt without timestamps: [sot, lang, transcribe, notimestamps] for multilingual
    /// models, [sot, notimestamps] for English-only ones.</summary>
    public int[] Prompt(string? language) => Multilingual
        ? [Sot, LanguageToken(language ?? "en"), Transcribe, NoTimestamps]
        : [Sot, NoTimestamps];

    /// <summary>Whisper's default suppress_tokens "-1": the non-speech symbols plus the task and control tokens.</summary>
    public int[] DefaultSuppressTokens() =>
        NonSpeechTokens.Concat([Transcribe, Translate, Sot, StartOfPrev, StartOfLm, NoSpeech]).Distinct().Order().ToArray();

    /// <summary>Text of the ordinary tokens (special tokens and timestamps are skipped); invalid UTF-8 becomes U+FFFD.</summary>
    public string Decode(IEnumerable<int> tokens)
    {
        var bytes = new List<byte>();
        foreach (var t in tokens)
            if (t >= 0 && t < _vocab.Length && t < Eot) bytes.AddRange(_vocab[t]);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Byte-pair encoding of one pre-tokenised piece (tiktoken's merge rule: repeatedly join the adjacent pair
    /// whose bytes have the lowest rank).</summary>
    public int[] EncodePiece(string piece)
    {
        var parts = Encoding.UTF8.GetBytes(piece).Select(b => Encoding.Latin1.GetString([b])).ToList();
        while (parts.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i < parts.Count - 1; i++)
                if (_ranks.TryGetValue(parts[i] + parts[i + 1], out var r) && r < bestRank) { bestRank = r; best = i; }
            if (best < 0) break;
            parts[best] += parts[best + 1];
            parts.RemoveAt(best + 1);
        }
        return parts.Select(p => _ranks.TryGetValue(p, out var r) ? r : throw new InvalidOperationException($"byte {(int)p[0]} is not in the vocabulary")).ToArray();
    }

    /// <summary>openai-whisper's Tokenizer.non_speech_tokens, computed from this vocabulary (the ids differ between the
    /// multilingual and the English-only vocabularies).</summary>
    private int[] ComputeNonSpeechTokens()
    {
        if (_vocab.Length < 256) return [];
        var symbols = "\"#()*+/:;<=>@[\\]^_`{|}~「」『』".Select(c => c.ToString()).ToList();
        symbols.AddRange("<< >> <<< >>> -- --- -( -[ (' (\" (( )) ((( ))) [[ ]] {{ }} ♪♪ ♪♪♪".Split(' '));
        var misc = "♩♪♫♬♭♮♯".Select(c => c.ToString()).ToList();
        var result = new SortedSet<int> { EncodePiece(" -")[0], EncodePiece(" '")[0] };
        foreach (var symbol in symbols.Concat(misc))
            foreach (var tokens in new[] { EncodePiece(symbol), EncodePiece(" " + symbol) })
                if (tokens.Length == 1 || misc.Contains(symbol)) result.Add(tokens[0]);
        return result.ToArray();
    }
}
