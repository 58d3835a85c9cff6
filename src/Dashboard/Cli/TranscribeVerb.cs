using System.Text.Json;
using System.Text.Json.Nodes;
using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Storage;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Training.Whisper;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>Whisper from a ggml model file: one audio file to JSON, or a whole collection into the database.</summary>
public static class TranscribeVerb
{
    public static Verb Definition { get; } = new("transcribe", "Whisper lyrics from a whisper.cpp ggml model: one file to JSON, or a collection into the database",
    [
        new("model", "ggml.bin", "whisper.cpp model file (ggml-tiny.bin, ggml-base.en.bin, ...; F32/F16/Q8_0/Q5_x/Q4_x); default: MusicDashboard:WhisperModelPath"),
        new("audio", "file", "one audio file to transcribe (resampled to 16 kHz)"),
        new("dataset", "dir|demo", "transcribe every track of a collection into the database (cached per audio hash and model; sidecar lyrics imported too)"),
        new("language", "en|auto|code", "spoken language; auto = detect (multilingual models; default auto, English-only models: en)"),
        new("max-tokens", "N", "most tokens per 30-s window (default 224, Whisper's sample_len)"),
        new("no-fallback", null, "greedy only: no temperature fallback"),
        new("seed", "S", "seed of the sampler used by the temperature fallback (default 0)"),
        new("out", "file.json", "write the JSON there instead of standard output (--audio)"),
    ], RunAsync);

    private static Task<int> RunAsync(ParsedArgs a, CancellationToken ct)
    {
        var paths = AppConfiguration.LoadPathsForCompute();
        if (a.Has("audio") == a.Has("dataset")) throw new UsageException("transcribe: give exactly one of --audio <file> or --dataset <dir|demo>");
        var configured = string.IsNullOrWhiteSpace(paths.Options.WhisperModelPath) ? null : paths.Resolve(paths.Options.WhisperModelPath);
        var modelPath = a.Get("model") is { } m ? Path.GetFullPath(m) : configured;
        var language = a.Get("language") ?? "auto";
        var options = new TranscribeOptions
        {
            Language = language == "auto" ? null : language,
            MaxTokens = a.GetInt("max-tokens", 224, 1, 447),
            Seed = a.GetInt("seed", 0),
        };
        if (a.Has("no-fallback")) options = options with { Temperatures = [0.0] };
        return Task.FromResult(a.Has("audio") ? One(a, modelPath, options, ct) : Collection(a, paths, modelPath, options, ct));
    }

    private static int One(ParsedArgs a, string? modelPath, TranscribeOptions options, CancellationToken ct)
    {
        if (TranscriptionService.ModelProblem(modelPath) is { } problem)
        {
            Console.Error.WriteLine($"error: {problem}; pass --model <ggml.bin>");
            return 1;
        }
        try
        {
            using var model = WhisperModel.Load(modelPath!);
            var audioPath = Path.GetFullPath(a.Require("audio"));
            var audio = AudioLoader.Load(audioPath, WhisperModel.SampleRate);
            if (!model.Tokenizer.Multilingual && options.Language is null) options = options with { Language = "en" };
            var t = new WhisperTranscriber(model).Transcribe(audio.Samples, options, ct);
            var json = new JsonObject
            {
                ["text"] = t.NoVocalsDetected ? "" : t.Text,
                ["language"] = t.Language,
                ["tokens"] = new JsonArray(t.Tokens.Select(x => (JsonNode)x).ToArray()),
                ["no_speech_prob"] = t.NoSpeechProb,
                ["seconds"] = Math.Round(t.Seconds, 3),
                ["no_vocals_detected"] = t.NoVocalsDetected,
                ["avg_logprob"] = t.AvgLogProb,
                ["audio_seconds"] = Math.Round(t.AudioSeconds, 3),
                ["model"] = model.FileName,
                ["audio"] = audioPath,
                ["windows"] = new JsonArray(t.Windows.Select(w => (JsonNode)new JsonObject
                {
                    ["start"] = w.StartSeconds, ["text"] = w.Text, ["tokens"] = new JsonArray(w.Tokens.Select(x => (JsonNode)x).ToArray()),
                    ["avg_logprob"] = w.AvgLogProb, ["no_speech_prob"] = w.NoSpeechProb, ["temperature"] = w.Temperature,
                    ["compression_ratio"] = w.CompressionRatio, ["skipped_as_no_speech"] = w.Skipped,
                }).ToArray()),
            };
            var text = json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            if (a.Get("out") is { } outPath)
            {
                var full = Path.GetFullPath(outPath);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
                Console.WriteLine($"[transcribe] {(t.NoVocalsDetected ? Transcript.NoVocalsText : t.Text)}");
                Console.WriteLine($"[transcribe] language {t.Language}, {t.Windows.Count} window(s), {t.AudioSeconds:0.0} s of audio in {t.Seconds:0.00} s; wrote {full}");
            }
            else Console.WriteLine(text);
            return 0;
        }
        catch (Exception e) when (e is WhisperModelException or AudioDecodeException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static int Collection(ParsedArgs a, Core.Configuration.AppPaths paths, string? modelPath, TranscribeOptions options, CancellationToken ct)
    {
        string root, name;
        try { (root, name) = ReproduceVerb.ResolveDataset(a.Require("dataset"), paths, ct); }
        catch (DatasetException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        Database.MigrateAsync(paths.Database, ct).GetAwaiter().GetResult();
        var db = Database.Options(paths.Database);
        var sync = TrackCatalog.Sync(db, DatasetScanner.Scan(root, name), null, ct);
        Console.WriteLine($"[transcribe] {name} ({root}): {sync.Total} tracks, {sync.Unreadable} unreadable");
        var last = -1;
        try
        {
            var summary = TranscriptionService.Run(db, root, modelPath, options, new SyncProgress<TranscriptionProgress>(p =>
            {
                var percent = 100 * p.Done / Math.Max(1, p.Total);
                if (percent / 10 == last / 10 && p.Done != p.Total) return;
                last = percent;
                Console.WriteLine($"[transcribe] {p.Done}/{p.Total} ({percent}%): {p.Transcribed} transcribed, {p.Cached} cached, {p.Failed} failed");
            }), msg => Console.WriteLine($"[transcribe] {msg}"), ct);
            foreach (var (path, reason) in summary.Failures) Console.WriteLine($"[transcribe] skipped {path}: {reason}");
            Console.WriteLine($"[transcribe] done in {summary.Seconds:0.0} s: {summary.Transcribed} transcribed ({summary.NoVocals} with no vocals detected), " +
                $"{summary.Cached} cached, {summary.Failures.Count} skipped, {summary.SidecarsImported} sidecar lyrics imported; source '{summary.Source}' in {paths.DatabasePath}");
            return 0;
        }
        catch (WhisperModelException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
