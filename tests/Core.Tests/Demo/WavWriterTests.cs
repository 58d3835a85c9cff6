using System.Buffers.Binary;
using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Tests.Demo;

public class WavWriterTests
{
    [Fact]
    public void Header_is_the_canonical_44_byte_mono_16_bit_pcm_header()
    {
        var bytes = WavWriter.EncodePcm16(new float[1000], 22050);

        Assert.Equal(44 + 2000, bytes.Length);
        Assert.Equal("RIFF"u8.ToArray(), bytes[0..4]);
        Assert.Equal(36 + 2000, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("WAVE"u8.ToArray(), bytes[8..12]);
        Assert.Equal("fmt "u8.ToArray(), bytes[12..16]);
        Assert.Equal(16, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(20)));     // PCM
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(22)));     // mono
        Assert.Equal(22050, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(44100, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(28))); // byte rate
        Assert.Equal(2, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(32)));     // block align
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(34)));
        Assert.Equal("data"u8.ToArray(), bytes[36..40]);
        Assert.Equal(2000, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(40)));
    }

    [Fact]
    public void Samples_are_clipped_and_rounded_half_away_from_zero()
    {
        float half = 0.5f / 32767f;
        float[] input = [0f, 1f, -1f, 2f, -3f, float.NaN, 0.5f, -0.5f, 0.25f, -0.25f, 0.75f, half * 0.98f];
        var bytes = WavWriter.EncodePcm16(input, 8000);

        var samples = new short[input.Length];
        for (int i = 0; i < samples.Length; i++)
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + 2 * i));

        // 0.5 * 32767 = 16383.5 -> 16384 (away from zero); 8191.75 -> 8192; 24575.25 -> 24575; a hair below 0.5 -> 0.
        Assert.Equal(new short[] { 0, 32767, -32767, 32767, -32767, 0, 16384, -16384, 8192, -8192, 24575, 0 }, samples);
    }

    [Fact]
    public void WritePcm16_writes_the_encoded_bytes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wavwriter-{Guid.NewGuid():N}.wav");
        try
        {
            float[] samples = [0.1f, -0.2f, 0.3f];
            WavWriter.WritePcm16(path, samples, 22050);
            Assert.Equal(WavWriter.EncodePcm16(samples, 22050), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
