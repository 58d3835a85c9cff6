using System.IO.Compression;
using System.Text.Json;
using MusicDashboard.Training.Whisper;

namespace MusicDashboard.Training.Tests.Whisper;

/// <summary>
/// The committed Whisper fixtures (tests/fixtures/whisper, made with openai-whisper's own code; see README.md there).
/// Only the f16 model is committed (gzip); the f32 fixture model holds bit-identical values, so it is rebuilt from the f16
/// one by <see cref="GgmlWriter"/> and checked byte for byte against the converter's file (size and SHA-256 in
/// ggml_manifest_summary.json) before any test uses it.
/// </summary>
public static class WhisperFixtures
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), $"musicdash-whisper-fixtures-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        var f16 = Path.Combine(dir, "ggml-tiny-random-f16.bin");
        using (var gz = new GZipStream(File.OpenRead(TestPaths.Fixture("whisper/ggml-tiny-random-f16.bin.gz")), CompressionMode.Decompress))
        using (var o = File.Create(f16)) gz.CopyTo(o);
        GgmlWriter.Write(Path.Combine(dir, "ggml-tiny-random-f32.bin"), GgmlModelFile.Load(f16), GgmlType.F32);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(dir, true); } catch (IOException) { } };
        return dir;
    });

    public static string ModelPath(string kind) => Path.Combine(Folder.Value, $"ggml-tiny-random-{kind}.bin");

    public static string FixtureDir => Path.GetDirectoryName(TestPaths.Fixture("whisper/README.md"))!;

    public static JsonElement Refs(string name) => JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture($"whisper/refs_{name}.json"))).RootElement;

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    /// <summary>A float32 little-endian .npy (v1) array, gzip-compressed; returns the flat data and the shape.</summary>
    public static (float[] Data, int[] Shape) Npy(string name)
    {
        using var gz = new GZipStream(File.OpenRead(TestPaths.Fixture($"whisper/{name}.npy.gz")), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        var bytes = ms.ToArray();
        var headerLen = BitConverter.ToUInt16(bytes, 8);
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLen);
        if (!header.Contains("'<f4'") || header.Contains("'fortran_order': True")) throw new InvalidDataException($"{name}: expected C-order <f4, got {header}");
        var shapeText = header[(header.IndexOf('(') + 1)..header.IndexOf(')')];
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        var data = new float[(bytes.Length - 10 - headerLen) / 4];
        Buffer.BlockCopy(bytes, 10 + headerLen, data, 0, data.Length * 4);
        return (data, shape);
    }

    public static float[] Audio(string name) => Core.Audio.AudioLoader.Load(TestPaths.Fixture($"whisper/{name}"), WhisperModel.SampleRate).Samples;

    public static double MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double m = 0;
        for (var i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs((double)a[i] - b[i]));
        return m;
    }
}
