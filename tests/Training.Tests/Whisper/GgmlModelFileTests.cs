using System.Security.Cryptography;
using System.Text.Json;
using MusicDashboard.Training.Whisper;

namespace MusicDashboard.Training.Tests.Whisper;

public sealed class GgmlModelFileTests
{
    [Theory]
    [InlineData("f16")]
    [InlineData("f32")]
    public void ReadsHeaderFiltersVocabAndEveryTensor(string kind)
    {
        var m = GgmlModelFile.Load(WhisperFixtures.ModelPath(kind));
        Assert.Equal(new WhisperHParams(51865, 1500, 64, 2, 2, 448, 64, 2, 2, 80, kind == "f16" ? 1 : 0), m.HParams);
        Assert.Equal(201, m.MelFilterBins);
        Assert.Equal(80 * 201, m.MelFilters.Length);
        Assert.Equal(50257, m.Vocab.Length);
        Assert.Equal("2074", Convert.ToHexStringLower(m.Vocab[256]));
        Assert.Equal(" world", System.Text.Encoding.UTF8.GetString(m.Vocab[1002]));
        Assert.Empty(m.Vocab[50256]);
        Assert.Equal(89, m.Tensors.Count); // 7 + 15 x 2 + 4 + 24 x 2
        Assert.Equal([51865L, 64], m.Tensors["decoder.token_embedding.weight"].Shape);
        Assert.Equal(kind == "f16" ? GgmlType.F16 : GgmlType.F32, m.Tensors["decoder.token_embedding.weight"].StoredType);
        Assert.Equal(GgmlType.F32, m.Tensors["encoder.conv1.bias"].StoredType);
        // Encoder positions are Whisper's sinusoids, stored as F32 (the model uses the file's; ours serve synthetic models).
        // Angles reach 1500 rad, where one float32 step is 1.2e-4: sin values agree to a few such steps.
        var sin = WhisperModel.Sinusoids(1500, 64);
        var diff = WhisperFixtures.MaxAbsDiff(sin, m.Tensors["encoder.positional_embedding"].Data);
        Assert.True(diff < 5e-4, $"sinusoids differ by {diff}");
    }

    [Fact]
    public void TheWriterReproducesTheConvertersF32FileByteForByte()
    {
        var summary = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("whisper/ggml_manifest_summary.json"))).RootElement;
        foreach (var kind in new[] { "f16", "f32" })
        {
            var bytes = File.ReadAllBytes(WhisperFixtures.ModelPath(kind));
            Assert.Equal(summary.GetProperty(kind).GetProperty("size").GetInt64(), bytes.LongLength);
            Assert.Equal(summary.GetProperty(kind).GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        // And re-writing the f16 model as f16 gives the converter's f16 file again.
        var again = Path.Combine(Path.GetTempPath(), $"rewrite-{Guid.NewGuid():N}.bin");
        try
        {
            GgmlWriter.Write(again, GgmlModelFile.Load(WhisperFixtures.ModelPath("f16")), GgmlType.F16);
            Assert.Equal(File.ReadAllBytes(WhisperFixtures.ModelPath("f16")), File.ReadAllBytes(again));
        }
        finally { File.Delete(again); }
    }

    private static WhisperModelException Corrupt(Func<byte[], byte[]> damage)
    {
        var bytes = damage(File.ReadAllBytes(WhisperFixtures.ModelPath("f16")));
        var path = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, bytes);
        try { return Assert.Throws<WhisperModelException>(() => GgmlModelFile.Load(path)); }
        finally { File.Delete(path); }
    }

    [Fact]
    public void WrongMagicIsNamed()
    {
        var e = Corrupt(b => { b[0] = 0x47; b[1] = 0x47; b[2] = 0x55; b[3] = 0x46; return b; });
        Assert.Contains("wrong magic", e.Message);
        Assert.Contains("corrupt-", e.Message); // the file is named
    }

    [Theory]
    [InlineData(30, "hparams")]
    [InlineData(40_000, "mel filters")]
    [InlineData(300_000, "vocab entry")]
    [InlineData(4_000_000, "data of tensor 'decoder.token_embedding.weight'")]
    public void TruncatedFileNamesTheSectionItEndsIn(int length, string section)
    {
        var e = Corrupt(b => b[..length]);
        Assert.Contains("truncated", e.Message);
        Assert.Contains(section, e.Message);
    }

    [Fact]
    public void FileCutAtARecordBoundaryNamesTheMissingTensor()
    {
        // The first tensor record (encoder.positional_embedding, F32 1500 x 64) starts at 572465 and takes 48 + 384000 bytes.
        var e = Corrupt(b => b[..(572465 + 48 + 384000)]);
        Assert.Contains("missing tensor 'encoder.conv1.weight'", e.Message);
    }

    [Fact]
    public void UnknownTensorTypeIsNamed()
    {
        var e = Corrupt(b => { BitConverter.TryWriteBytes(b.AsSpan(572465 + 8), 13); return b; });
        Assert.Contains("tensor 'encoder.positional_embedding' has unknown ggml type 13", e.Message);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var e = Assert.Throws<WhisperModelException>(() => GgmlModelFile.Load("/nonexistent/ggml-base.en.bin"));
        Assert.Contains("ggml-base.en.bin", e.Message);
        Assert.Contains("not found", e.Message);
    }
}
