using System.IO.Compression;
using System.Text.Json;
using MusicDashboard.Dashboard.Cli;

namespace MusicDashboard.Dashboard.Tests.Cli;

/// <summary>`transcribe --audio` in process with the fixture model: the JSON's tokens and text are openai-whisper's
/// (whisper.decode, 20 tokens, default suppression; tests/fixtures/whisper/refs_speech.json). It reads no configuration
/// it depends on (the model is given), so it does not touch the configuration variable other verb tests set.</summary>
public sealed class TranscribeVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-transcribe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Model()
    {
        var path = Path.Combine(_dir, "ggml-tiny-random-f16.bin");
        using var gz = new GZipStream(File.OpenRead(TestPaths.Fixture("whisper/ggml-tiny-random-f16.bin.gz")), CompressionMode.Decompress);
        using var o = File.Create(path);
        gz.CopyTo(o);
        return path;
    }

    [Fact]
    public async Task WritesOpenAiWhispersTokensAndText()
    {
        var outPath = Path.Combine(_dir, "t.json");
        Assert.Equal(0, await Verbs.RunAsync(["transcribe", "--model", Model(), "--audio", TestPaths.Fixture("whisper/speech_en_16k.wav"),
            "--language", "en", "--max-tokens", "20", "--no-fallback", "--out", outPath]));
        using var json = JsonDocument.Parse(File.ReadAllText(outPath));
        using var refs = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("whisper/refs_speech.json")));
        var decode = refs.RootElement.GetProperty("greedy_whisper_decode");
        var r = json.RootElement;
        Assert.Equal(new[] { 50258, 50259, 50359, 50363 }.Concat(decode.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32())),
            r.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()));
        Assert.Equal(decode.GetProperty("text").GetString(), r.GetProperty("text").GetString());
        Assert.Equal("en", r.GetProperty("language").GetString());
        Assert.Equal(decode.GetProperty("no_speech_prob").GetDouble(), r.GetProperty("no_speech_prob").GetDouble(), 1e-6);
        Assert.True(r.GetProperty("seconds").GetDouble() > 0);
        Assert.False(r.GetProperty("no_vocals_detected").GetBoolean());
    }

    [Fact]
    public async Task ABadModelFileIsAnErrorNotACrash()
    {
        var bad = Path.Combine(_dir, "ggml-bad.bin");
        File.WriteAllBytes(bad, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal(1, await Verbs.RunAsync(["transcribe", "--model", bad, "--audio", TestPaths.Fixture("whisper/speech_en_16k.wav")]));
        Assert.Equal(2, await Verbs.RunAsync(["transcribe", "--model", bad]));
    }
}
