using System.Buffers.Binary;
using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Tests.Audio;

public class WavReaderTests
{
    /// <summary>Builds a WAV in memory: fmt (optionally extensible) + extra chunks + data.</summary>
    private static byte[] Wav(ushort format, ushort channels, int rate, ushort bits, byte[] data, bool extensible = false, bool oddChunk = false)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write("RIFF"u8); w.Write(0); w.Write("WAVE"u8);
        if (oddChunk) { w.Write("LIST"u8); w.Write(3); w.Write(new byte[] { 1, 2, 3, 0 }); } // 3 bytes + pad byte
        w.Write("fmt "u8); w.Write(extensible ? 40 : 16);
        w.Write(extensible ? (ushort)0xFFFE : format); w.Write(channels); w.Write(rate);
        var block = (ushort)(channels * bits / 8);
        w.Write(rate * block); w.Write(block); w.Write(bits);
        if (extensible)
        {
            w.Write((ushort)22); w.Write(bits); w.Write(0);
            w.Write(format); w.Write(new byte[] { 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71 });
        }
        w.Write("fact"u8); w.Write(4); w.Write(data.Length / Math.Max(1, (int)block));
        w.Write("data"u8); w.Write(data.Length); w.Write(data);
        var bytes = ms.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), bytes.Length - 8);
        return bytes;
    }

    [Fact]
    public void Pcm16MatchesLibsndfileScaling()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(0), short.MinValue);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2), 16384);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(4), -1);
        BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(6), short.MaxValue);
        var a = WavReader.Decode(Wav(1, 1, 22050, 16, data), "t.wav");
        Assert.Equal([-1f, 0.5f, -1f / 32768, 32767f / 32768], a.Samples);
        Assert.Equal(22050, a.SampleRate);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(24)]
    [InlineData(32)]
    public void OtherPcmDepthsAndStereoMixdown(int bits)
    {
        // Two stereo frames: (+half, -half) -> 0 and (+quarter, +quarter) -> +quarter.
        var bytesPer = bits / 8;
        var data = new byte[4 * bytesPer];
        void Put(int i, double v)
        {
            var span = data.AsSpan(i * bytesPer, bytesPer);
            switch (bits)
            {
                case 8: span[0] = (byte)(128 + (int)(v * 128)); break;
                case 24: var s = (int)(v * 8388608); span[0] = (byte)s; span[1] = (byte)(s >> 8); span[2] = (byte)(s >> 16); break;
                default: BinaryPrimitives.WriteInt32LittleEndian(span, (int)(v * 2147483648.0)); break;
            }
        }
        Put(0, 0.5); Put(1, -0.5); Put(2, 0.25); Put(3, 0.25);
        var a = WavReader.Decode(Wav(1, 2, 44100, (ushort)bits, data, extensible: bits == 24, oddChunk: true), "s.wav");
        Assert.Equal(2, a.OriginalChannels);
        Assert.Equal(2, a.Samples.Length);
        Assert.Equal(0f, a.Samples[0], 6);
        Assert.Equal(0.25f, a.Samples[1], 6);
    }

    [Fact]
    public void FloatFormats()
    {
        var f32 = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(f32, 0.75f);
        BinaryPrimitives.WriteSingleLittleEndian(f32.AsSpan(4), float.NaN);
        Assert.Equal([0.75f, 0f], WavReader.Decode(Wav(3, 1, 8000, 32, f32), "f.wav").Samples);
        var f64 = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(f64, -0.125);
        Assert.Equal([-0.125f], WavReader.Decode(Wav(3, 1, 8000, 64, f64, extensible: true), "d.wav").Samples);
    }

    [Fact]
    public void BadFilesGiveAReasonNamingTheFile()
    {
        var good = Wav(1, 1, 22050, 16, new byte[400]);
        string Reason(byte[] b) => Assert.Throws<AudioDecodeException>(() => WavReader.Decode(b, "jazz.00054.wav")).Message;
        Assert.Equal("jazz.00054.wav: empty file", Reason([]));
        Assert.Contains("not a WAV file", Reason("ID3\x03 mp3 data here"u8.ToArray()));
        Assert.Contains("truncated data chunk (expected 400 bytes, found 100)", Reason(good[..^300]));
        Assert.Contains("unsupported WAV format tag 0x0055", Reason(Wav(0x55, 1, 22050, 16, new byte[10])));
        Assert.Contains("no audio frames", Reason(Wav(1, 1, 22050, 16, [])));
        Assert.Contains("zero channels", Reason(Wav(1, 0, 22050, 16, new byte[10])));
    }

    [Fact]
    public void FuzzedInputOnlyEverRaisesAudioDecodeException()
    {
        var good = Wav(1, 2, 22050, 16, Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), extensible: true, oddChunk: true);
        void Check(byte[] bytes)
        {
            try { WavReader.Decode(bytes, "fuzz.wav"); }
            catch (AudioDecodeException) { }
        }
        for (var n = 0; n <= good.Length; n++) Check(good[..n]); // every truncation
        var rng = new Random(1234);
        for (var i = 0; i < 3000; i++)
        {
            var flipped = (byte[])good.Clone();
            for (var k = 0; k < 1 + rng.Next(6); k++) flipped[rng.Next(flipped.Length)] = (byte)rng.Next(256);
            Check(flipped);
            var noise = new byte[rng.Next(0, 200)];
            rng.NextBytes(noise);
            if (noise.Length > 12 && rng.Next(2) == 0) { "RIFF"u8.CopyTo(noise); "WAVE"u8.CopyTo(noise.AsSpan(8)); }
            Check(noise);
        }
    }
}
