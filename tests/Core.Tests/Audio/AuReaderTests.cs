using System.Buffers.Binary;
using System.Diagnostics;
using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Tests.Audio;

public class AuReaderTests
{
    /// <summary>An AU file in memory: 24-byte header (+ optional annotation), big-endian samples.</summary>
    private static byte[] Au(uint encoding, uint channels, uint rate, byte[] data, int annotation = 0, uint? size = null)
    {
        var bytes = new byte[24 + annotation + data.Length];
        var h = bytes.AsSpan();
        ".snd"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32BigEndian(h[4..], (uint)(24 + annotation));
        BinaryPrimitives.WriteUInt32BigEndian(h[8..], size ?? (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(h[12..], encoding);
        BinaryPrimitives.WriteUInt32BigEndian(h[16..], rate);
        BinaryPrimitives.WriteUInt32BigEndian(h[20..], channels);
        data.CopyTo(bytes, 24 + annotation);
        return bytes;
    }

    [Fact]
    public void Pcm16BigEndianIsGtzansFormatScaledLikeLibsndfile()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(0), short.MinValue);
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(2), 16384);
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(4), -1);
        BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(6), short.MaxValue);
        var a = AuReader.Decode(Au(3, 1, 22050, data, annotation: 8), "blues.00000.au");
        Assert.Equal([-1f, 0.5f, -1f / 32768, 32767f / 32768], a.Samples);
        Assert.Equal(22050, a.SampleRate);
        Assert.Equal(1, a.OriginalChannels);
    }

    [Fact]
    public void WriterRoundTripsThroughTheReader()
    {
        var samples = Enumerable.Range(0, 1000).Select(i => (float)Math.Sin(i * 0.05) * 0.7f).ToArray();
        var a = AuReader.Decode(AuWriter.EncodePcm16(samples, 22050), "rt.au");
        for (var i = 0; i < samples.Length; i++) Assert.Equal(WavWriter.ToPcm16(samples[i]) / 32768f, a.Samples[i]);
    }

    [Theory]
    [InlineData(2u, 1)]
    [InlineData(4u, 3)]
    [InlineData(5u, 4)]
    [InlineData(6u, 4)]
    [InlineData(7u, 8)]
    public void OtherLinearAndFloatEncodingsWithStereoMixdown(uint encoding, int bytesPer)
    {
        // Two stereo frames: (+half, -half) -> 0 and (+quarter, +quarter) -> +quarter.
        var data = new byte[4 * bytesPer];
        void Put(int i, double v)
        {
            var s = data.AsSpan(i * bytesPer, bytesPer);
            switch (encoding)
            {
                case 2: s[0] = (byte)(sbyte)(v * 128); break;
                case 4: var x = (int)(v * 8388608); s[0] = (byte)(x >> 16); s[1] = (byte)(x >> 8); s[2] = (byte)x; break;
                case 5: BinaryPrimitives.WriteInt32BigEndian(s, (int)(v * 2147483648.0)); break;
                case 6: BinaryPrimitives.WriteSingleBigEndian(s, (float)v); break;
                default: BinaryPrimitives.WriteDoubleBigEndian(s, v); break;
            }
        }
        Put(0, 0.5); Put(1, -0.5); Put(2, 0.25); Put(3, 0.25);
        var a = AuReader.Decode(Au(encoding, 2, 44100, data), "s.au");
        Assert.Equal(2, a.OriginalChannels);
        Assert.Equal([0f, 0.25f], a.Samples);
    }

    [Fact]
    public void MuLawAndALawFollowG711()
    {
        // Every code against CPython's audioop tables (tests/fixtures/g711, made by make_g711.py there).
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("g711/g711.json")));
        var ulaw = doc.RootElement.GetProperty("ulaw").EnumerateArray().Select(v => v.GetInt16()).ToArray();
        var alaw = doc.RootElement.GetProperty("alaw").EnumerateArray().Select(v => v.GetInt16()).ToArray();
        for (var c = 0; c < 256; c++)
        {
            Assert.Equal(ulaw[c], AuReader.MuLaw((byte)c));
            Assert.Equal(alaw[c], AuReader.ALaw((byte)c));
        }
        Assert.Equal([-32124f / 32768, 0f], AuReader.Decode(Au(1, 1, 8000, [0x00, 0xFF]), "u.au").Samples);
        Assert.Equal([32256f / 32768], AuReader.Decode(Au(27, 1, 8000, [0xAA]), "a.au").Samples);
    }

    [Fact]
    public void UnknownSizeRunsToTheEndOfTheFile()
    {
        var a = AuReader.Decode(Au(3, 1, 8000, new byte[10], size: uint.MaxValue), "stream.au");
        Assert.Equal(5, a.Samples.Length);
    }

    [Fact]
    public void BadFilesGiveAReasonNamingTheFile()
    {
        string Reason(byte[] b) => Assert.Throws<AudioDecodeException>(() => AuReader.Decode(b, "rock.00012.au")).Message;
        Assert.Equal("rock.00012.au: empty file", Reason([]));
        Assert.Contains("not an AU file (starts with 'RIFF')", Reason("RIFF....WAVE"u8.ToArray()));
        Assert.Contains("truncated AU header", Reason(".snd\0\0\0\x18"u8.ToArray()));
        Assert.Contains("truncated data (header says 400 bytes, found 100)", Reason(Au(3, 1, 22050, new byte[400])[..124]));
        Assert.Contains("unsupported AU encoding 23", Reason(Au(23, 1, 22050, new byte[10])));
        Assert.Contains("invalid channel count 0", Reason(Au(3, 0, 22050, new byte[10])));
        Assert.Contains("invalid sample rate 0", Reason(Au(3, 1, 0, new byte[10])));
        Assert.Contains("no audio frames", Reason(Au(3, 1, 22050, [])));
    }

    [Fact]
    public void FuzzedInputOnlyEverRaisesAudioDecodeException()
    {
        var good = Au(3, 2, 22050, Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), annotation: 4);
        void Check(byte[] bytes)
        {
            try { AuReader.Decode(bytes, "fuzz.au"); }
            catch (AudioDecodeException) { }
            try { AudioLoader.Decode(bytes, "fuzz.au", 0); }
            catch (AudioDecodeException) { }
        }
        for (var n = 0; n <= good.Length; n++) Check(good[..n]); // every truncation
        var rng = new Random(4321);
        for (var i = 0; i < 3000; i++)
        {
            var flipped = (byte[])good.Clone();
            for (var k = 0; k < 1 + rng.Next(6); k++) flipped[rng.Next(flipped.Length)] = (byte)rng.Next(256);
            Check(flipped);
            var noise = new byte[rng.Next(0, 200)];
            rng.NextBytes(noise);
            if (noise.Length > 24 && rng.Next(2) == 0) ".snd"u8.CopyTo(noise);
            Check(noise);
        }
    }
}

public class AudioLoaderTests
{
    [Fact]
    public void MislabelledFilesDecodeByTheirContentAndNonAudioIsNamed()
    {
        var dir = Directory.CreateTempSubdirectory("musicdash-loader-").FullName;
        try
        {
            var samples = Enumerable.Range(0, 800).Select(i => (float)Math.Sin(i * 0.1) * 0.5f).ToArray();
            var auNamedWav = Path.Combine(dir, "a.wav");
            File.WriteAllBytes(auNamedWav, AuWriter.EncodePcm16(samples, 8000));
            Assert.Equal(800, AudioLoader.Load(auNamedWav, 0).Samples.Length);
            var wavNamedAu = Path.Combine(dir, "b.au");
            WavWriter.WritePcm16(wavNamedAu, samples, 8000);
            Assert.Equal(1600, AudioLoader.Load(wavNamedAu, 16000).Samples.Length); // resampled on the way
            var text = Path.Combine(dir, "c.au");
            File.WriteAllText(text, "hello, not audio");
            Assert.Contains("c.au: not an AU file (starts with 'hell')", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(text, 0)).Message);
            Assert.Contains("cannot read", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(Path.Combine(dir, "missing.wav"), 0)).Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void WithoutFfmpegTheMessageNamesTheFileAndTheTool()
    {
        var dir = Directory.CreateTempSubdirectory("musicdash-loader-").FullName;
        try
        {
            var mp3 = Path.Combine(dir, "song.mp3");
            File.WriteAllBytes(mp3, [0x49, 0x44, 0x33, 3, 0, 0, 0, 0]);
            var e = Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(mp3, 22050, ffmpeg: "/nonexistent/ffmpeg"));
            Assert.Contains("song.mp3: decoding '.mp3' files needs ffmpeg, and '/nonexistent/ffmpeg' was not found", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>With ffmpeg installed (Debian's package; .ci installs it): a FLAC and an OGG that ffmpeg itself encoded
    /// from a known sine decode to that sine, and a corrupt MP3 is a decode error naming it. Without ffmpeg: the clear
    /// message, which is the behaviour a user gets then.</summary>
    [Fact]
    public void FfmpegFormatsDecodeWhenFfmpegIsInstalled()
    {
        var dir = Directory.CreateTempSubdirectory("musicdash-ffmpeg-").FullName;
        try
        {
            var source = Path.Combine(dir, "sine.wav");
            var sine = Enumerable.Range(0, 22050).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 441 * i / 22050.0))).ToArray();
            WavWriter.WritePcm16(source, sine, 22050);
            var flac = Path.Combine(dir, "sine.flac");
            if (!TryFfmpeg("-v", "error", "-y", "-i", source, flac))
            {
                File.WriteAllBytes(flac, "fLaC\0\0\0\x22"u8.ToArray()); // a FLAC file's start: only ffmpeg could decode it
                var e = Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(flac, 22050));
                Assert.Contains("needs ffmpeg", e.Message);
                return;
            }
            var decoded = AudioLoader.Load(flac, 0);
            Assert.Equal(22050, decoded.SampleRate);
            Assert.Equal(sine.Length, decoded.Samples.Length);
            for (var i = 0; i < sine.Length; i++) Assert.Equal(WavWriter.ToPcm16(sine[i]) / 32768f, decoded.Samples[i]); // FLAC is lossless

            var ogg = Path.Combine(dir, "sine.ogg");
            Assert.True(TryFfmpeg("-v", "error", "-y", "-i", source, "-c:a", "libvorbis", ogg));
            var lossy = AudioLoader.Load(ogg, 11025); // and resampled by ours
            Assert.Equal(11025, lossy.SampleRate);
            Assert.InRange(lossy.Samples.Length, 11025 - 600, 11025 + 600);
            var rms = Math.Sqrt(lossy.Samples.Skip(2000).Take(6000).Average(v => (double)v * v));
            Assert.Equal(0.5 / Math.Sqrt(2), rms, 0.02);

            var corrupt = Path.Combine(dir, "broken.mp3");
            File.WriteAllBytes(corrupt, Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251)).ToArray());
            var bad = Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(corrupt, 22050));
            Assert.StartsWith("broken.mp3: ffmpeg could not decode it", bad.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    internal static bool TryFfmpeg(params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
