using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Training.Whisper;

/// <summary>
/// openai-whisper's transcribe() without timestamps on a <see cref="WhisperModel"/>: 30-s windows over the log-mel of the
/// whole file; language detection on the first window when asked; per window the start-of-transcript prompt, greedy
/// decoding with SuppressBlank and the default suppress set, stopping at end-of-text; temperature fallback when the text is
/// too repetitive (gzip compression ratio) or too unlikely (average log-probability); windows whose no-speech probability
/// is high and whose text is unlikely are skipped, and a track with every window skipped is "no vocals detected".
/// </summary>
public sealed class WhisperTranscriber(WhisperModel model)
{
    public WhisperModel Model { get; } = model;

    /// <summary>Transcribes mono samples at <see cref="WhisperModel.SampleRate"/>.</summary>
    public Transcript Transcribe(float[] samples16k, TranscribeOptions options, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        var tok = Model.Tokenizer;
        if (!tok.Multilingual && options.Language is not (null or "en"))
            throw new ArgumentException($"'{Model.FileName}' is an English-only model: language '{options.Language}' is not available");
        var windows = new List<WindowTranscript>();
        var allTokens = new List<int>();
        string? language = tok.Multilingual ? options.Language : "en";
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Whisper pads 30 s of silence after the audio and slices the mel, so the max-8 floor is taken over the whole file.
        var padded = new float[samples16k.Length + WhisperModel.ChunkSamples];
        samples16k.CopyTo(padded, 0);
        var mel = Model.LogMel(padded);
        var contentFrames = (int)mel.shape[1] - WhisperModel.ChunkFrames;
        var previous = new List<int>();
        var rng = new Random(options.Seed);
        for (var seek = 0; seek < Math.Max(1, contentFrames); seek += WhisperModel.ChunkFrames)
        {
            ct.ThrowIfCancellationRequested();
            using var windowScope = NewDisposeScope();
            var segment = mel.narrow(1, seek, Math.Min(WhisperModel.ChunkFrames, (int)mel.shape[1] - seek));
            if (segment.shape[1] < WhisperModel.ChunkFrames)
                segment = nn.functional.pad(segment, [0, WhisperModel.ChunkFrames - segment.shape[1]]);
            var features = Model.Encode(segment);
            language ??= DetectLanguage(features).Language;
            WindowTranscript? result = null;
            foreach (var t in options.Temperatures)
            {
                var prompt = options.ConditionOnPreviousText && previous.Count > 0 && t <= 0.5
                    ? previous.TakeLast(Model.HParams.NTextCtx / 2 - 1).Prepend(tok.StartOfPrev).Concat(tok.Prompt(language)).ToArray()
                    : tok.Prompt(language);
                result = DecodeWindow(features, prompt, t, options.MaxTokens, rng, seek * (double)WhisperModel.HopLength / WhisperModel.SampleRate);
                var fallback = result.CompressionRatio > options.CompressionRatioThreshold || result.AvgLogProb < options.LogProbThreshold;
                if (result.NoSpeechProb > options.NoSpeechThreshold && result.AvgLogProb < options.LogProbThreshold) fallback = false; // silence
                if (!fallback) break;
            }
            var skip = result!.NoSpeechProb > options.NoSpeechThreshold && !(result.AvgLogProb > options.LogProbThreshold);
            result = result with { Skipped = skip };
            windows.Add(result);
            allTokens.AddRange(result.Tokens);
            if (!skip) previous.AddRange(result.TextTokens);
            // As whisper: a window decoded at a high temperature does not prompt the next one.
            if (result.Temperature > 0.5) previous.Clear();
        }
        var kept = windows.Where(w => !w.Skipped).ToList();
        var text = string.Join(" ", kept.Select(w => w.Text).Where(t => t.Length > 0));
        var noVocals = kept.Count == 0 || text.Length == 0;
        return new Transcript(noVocals ? "" : text, language ?? "en", allTokens, windows.Min(w => w.NoSpeechProb),
            kept.Count > 0 ? kept.Average(w => w.AvgLogProb) : windows.Average(w => w.AvgLogProb), noVocals,
            samples16k.Length / (double)WhisperModel.SampleRate, sw.Elapsed.TotalSeconds, windows);
    }

    /// <summary>whisper.detect_language: the decoder's first step from [sot], restricted to the language tokens.</summary>
    public (string Language, double Probability) DetectLanguage(Tensor features)
    {
        var tok = Model.Tokenizer;
        if (!tok.Multilingual) return ("en", 1.0);
        using var scope = NewDisposeScope();
        using var state = Model.StartDecoder(features);
        var logits = Model.DecodeStep(state, [tok.Sot])[0];
        var langIds = tensor(tok.LanguageTokens.Select(t => (long)t).ToArray(), device: logits.device);
        var probs = logits.index_select(0, langIds).softmax(0);
        var best = (int)probs.argmax().ToInt64();
        return (tok.LanguageOf(tok.Sot + 1 + best), probs[best].ToDouble());
    }

    /// <summary>One decode of one window at one temperature (whisper.decode with the given prompt, without timestamps).</summary>
    public WindowTranscript DecodeWindow(Tensor features, int[] prompt, double temperature, int maxTokens, Random rng, double startSeconds = 0)
    {
        var tok = Model.Tokenizer;
        using var scope = NewDisposeScope();
        using var state = Model.StartDecoder(features);
        var sotIndex = Array.IndexOf(prompt, tok.Sot);
        var logits = Model.DecodeStep(state, prompt, [sotIndex, prompt.Length - 1]);
        var noSpeech = logits[0].softmax(0)[tok.NoSpeech].ToDouble();
        var current = logits[1];
        var suppress = tensor(tok.DefaultSuppressTokens().Select(t => (long)t).ToArray(), device: current.device);
        var blank = tensor(tok.EncodePiece(" ").Append(tok.Eot).Select(t => (long)t).ToArray(), device: current.device);
        var sampled = new List<int>();
        double sumLogProb = 0;
        var reachedEot = false;
        for (var i = 0; i < maxTokens; i++)
        {
            using var step = NewDisposeScope();
            var l = current.clone();
            using var minusInfinity = double.NegativeInfinity.ToScalar(); // explicit: see Spectrogram.PowerToDb
            if (i == 0) l.index_fill_(0, blank, minusInfinity);
            l.index_fill_(0, suppress, minusInfinity);
            var logProbs = l.log_softmax(0);
            int next;
            if (temperature <= 0) next = (int)l.argmax().ToInt64();
            else { using var t = temperature.ToScalar(); next = Sample((l / t).softmax(0).data<float>().ToArray(), rng); }
            sumLogProb += logProbs[next].ToDouble();
            if (next == tok.Eot) { reachedEot = true; break; }
            sampled.Add(next);
            if (state.Offset >= Model.HParams.NTextCtx) break;
            if (i + 1 < maxTokens) current = Model.DecodeStep(state, [next])[0].MoveToOuterDisposeScope();
        }
        var text = tok.Decode(sampled).Trim(); // whisper.decode's DecodingResult.text is stripped
        var tokens = prompt.Concat(sampled).Concat(reachedEot ? [tok.Eot] : Array.Empty<int>()).ToArray();
        return new WindowTranscript(startSeconds, tokens, sampled.ToArray(), text, sumLogProb / (sampled.Count + 1), noSpeech,
            temperature, CompressionRatio(text), Skipped: false);
    }

    private static int Sample(float[] p, Random rng)
    {
        var u = rng.NextDouble() * p.Sum(x => (double)x);
        double acc = 0;
        for (var i = 0; i < p.Length; i++)
        {
            acc += p[i];
            if (u < acc) return i;
        }
        return Array.FindLastIndex(p, x => x > 0);
    }

    /// <summary>whisper's compression ratio: UTF-8 length over zlib-compressed length (repetitive text compresses well).</summary>
    public static double CompressionRatio(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0) return 0;
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(bytes);
        return bytes.Length / (double)ms.Length;
    }
}
