using System.Buffers.Binary;
using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Tests.Audio;

/// <summary>Regression tests for what the decoder fuzzing (issue 16) found, one per bug, named after it.</summary>
public class HostileAudioTests
{
    private static byte[] Wav(int rate, ushort format, ushort bits, byte[] data)
    {
        var b = new byte[44 + data.Length];
        "RIFF"u8.CopyTo(b);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4), 36 + data.Length);
        "WAVEfmt "u8.CopyTo(b.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), format);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(28), rate * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(32), (ushort)(bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(34), bits);
        "data"u8.CopyTo(b.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(40), data.Length);
        data.CopyTo(b, 44);
        return b;
    }

    /// <summary>Bug: a WAV or AU declaring 1 Hz was accepted, and resampling it to 22 050 Hz wrote 22 050 samples per
    /// sample of the file: a 1 MB file asked for 88 GB. Rates below 1 kHz are refused now.</summary>
    [Fact]
    public void SampleRateOfOneHertzWasResampledIntoGigabytes()
    {
        var data = new byte[2000];
        var e = Assert.Throws<AudioDecodeException>(() => AudioLoader.Decode(Wav(1, 1, 16, data), "one-hertz.wav", 22050));
        Assert.Equal("one-hertz.wav: invalid sample rate 1 Hz (supported: 1000 to 1000000 Hz)", e.Message);
        Assert.Throws<AudioDecodeException>(() => AudioLoader.Decode(Wav(999, 1, 16, data), "a.wav", 22050));
        var au = AuWriter.EncodePcm16(new float[1000], 22050);
        BinaryPrimitives.WriteUInt32BigEndian(au.AsSpan(16), 1);
        Assert.Contains("invalid sample rate 1 Hz", Assert.Throws<AudioDecodeException>(() => AudioLoader.Decode(au, "one-hertz.au", 22050)).Message);
        // The lowest rate taken is resampled within its bound.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var lowest = AudioLoader.Decode(Wav(1000, 1, 16, data), "a.wav", 22050);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal((int)Math.Ceiling(1000 * 22.05), lowest.Samples.Length);
        Assert.InRange(allocated, 0, DecoderFuzzer.AllocationBound(data.Length + 44, 22050));
    }

    /// <summary>Bug: a 64-bit float sample beyond float's range (1e300, finite) became an infinity in the float samples,
    /// which poisons every feature of its clip. It is silenced now, as NaN and infinities were.</summary>
    [Fact]
    public void DoubleSampleBeyondFloatRangeBecameInfinity()
    {
        var data = new byte[24];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 1e300);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), -1e39);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(16), 0.25);
        Assert.Equal([0f, 0f, 0.25f], WavReader.Decode(Wav(8000, 3, 64, data), "big.wav").Samples);
        // And near float's largest value, the resampler's sums stay finite.
        var f32 = new byte[4 * 400];
        for (var i = 0; i < 400; i++) BinaryPrimitives.WriteSingleLittleEndian(f32.AsSpan(4 * i), i % 2 == 0 ? float.MaxValue : -float.MaxValue);
        Assert.All(AudioLoader.Decode(Wav(8000, 3, 32, f32), "max.wav", 22050).Samples, s => Assert.True(float.IsFinite(s)));
    }

    /// <summary>Bug: a short file at an odd rate (999 996 Hz: 3675 phases of 6113 taps) made the resampler build its whole
    /// polyphase table, 90 MB for a file of a few KB. The table is built only when it is no larger than the output (or
    /// 1 Mi taps); otherwise the taps are computed, rounded as the table would hold them, so the samples are the same.</summary>
    [Fact]
    public void ShortFileAtAnOddRateAllocatedAWholeResamplerTable()
    {
        var data = new byte[8000];
        new Random(5).NextBytes(data);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var audio = AudioLoader.Decode(Wav(999_996, 1, 16, data), "odd.wav", 22050);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes for an 8 KB file");
        Assert.Equal((int)Math.Ceiling(4000 * 22050 / 999_996.0), audio.Samples.Length);

        // Computed taps give what the table gives: a short input against the same input followed by silence (tabled).
        var x = Enumerable.Range(0, 300).Select(i => (float)Math.Sin(i * 0.3)).ToArray();
        var shortOut = Resampler.Resample(x, 48000, 22050);
        var longOut = Resampler.Resample([.. x, .. new float[200_000]], 48000, 22050);
        Assert.Equal(shortOut, longOut[..shortOut.Length]);
    }

    /// <summary>Bug: ffmpeg opened whatever a file told it to: an ffconcat "playlist" named .mp3 decoded another file on
    /// the machine, and an HLS one would fetch URLs. Only audio demuxers and the file protocol are allowed now.</summary>
    [Fact]
    public void FfmpegDecodedAnotherFileThatAPlaylistNamed()
    {
        if (!FfmpegInstalled()) return; // without ffmpeg nothing is decoded at all (WithoutFfmpegTheMessageNamesTheFileAndTheTool)
        var dir = Directory.CreateTempSubdirectory("musicdash-hostile-").FullName;
        try
        {
            var secret = Path.Combine(dir, "secret.wav");
            WavWriter.WritePcm16(secret, Enumerable.Range(0, 8000).Select(i => (float)Math.Sin(i * 0.1)).ToArray(), 8000);
            var concat = Path.Combine(dir, "song.mp3");
            File.WriteAllText(concat, "ffconcat version 1.0\nfile secret.wav\n");
            var e = Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(concat, 22050));
            Assert.StartsWith("song.mp3: ffmpeg could not decode it", e.Message);
            var hls = Path.Combine(dir, "stream.m4a");
            File.WriteAllText(hls, "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nhttp://127.0.0.1:9/a.ts\n#EXTINF:1,\nsecret.wav\n#EXT-X-ENDLIST\n");
            Assert.StartsWith("stream.m4a: ffmpeg could not decode it", Assert.Throws<AudioDecodeException>(() => AudioLoader.Load(hls, 22050)).Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Bug: nothing bounded what ffmpeg wrote: a few-KB FLAC of silence decodes to any length, filling the disk
    /// and then the memory. Output over the cap is refused with the cap in the message.</summary>
    [Fact]
    public void FfmpegOutputOfATinyFileWasUnbounded()
    {
        if (!FfmpegInstalled()) return;
        var dir = Directory.CreateTempSubdirectory("musicdash-hostile-").FullName;
        try
        {
            var flac = Path.Combine(dir, "silence.flac");
            Assert.True(AudioLoaderTests.TryFfmpeg("-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "60", "-c:a", "flac", flac));
            Assert.True(new FileInfo(flac).Length < 100_000);
            var e = Assert.Throws<AudioDecodeException>(() => FfmpegDecoder.Decode(flac, "ffmpeg", TimeSpan.FromMinutes(2), maxOutputBytes: 1 << 20));
            Assert.StartsWith("silence.flac: it decodes to more than 1 MB of audio", e.Message);
            Assert.Equal(60 * 44100, FfmpegDecoder.Decode(flac).Samples.Length); // under the default cap it decodes
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>An ffmpeg that never finishes is stopped (its process tree killed) with a clear message.</summary>
    [Fact]
    public void FfmpegThatHangsIsStoppedWithAClearMessage()
    {
        var dir = Directory.CreateTempSubdirectory("musicdash-hostile-").FullName;
        try
        {
            var pidFile = Path.Combine(dir, "pid");
            var tool = Script(dir, "hang", $"echo $$ > '{pidFile}'\nexec sleep 600\n");
            var song = Path.Combine(dir, "song.mp3");
            File.WriteAllBytes(song, [1, 2, 3]);
            var e = Assert.Throws<AudioDecodeException>(() => FfmpegDecoder.Decode(song, tool, TimeSpan.FromSeconds(1), FfmpegDecoder.DefaultMaxOutputBytes));
            Assert.Equal("song.mp3: ffmpeg did not finish within 1 s and was stopped", e.Message);
            var pid = int.Parse(File.ReadAllText(pidFile).Trim());
            Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "), "the hung process is still running");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>An ffmpeg that floods its error output (50 MB on one line, then many lines) costs no memory: only the last
    /// lines are kept, and the last one is the reason given.</summary>
    [Fact]
    public void FfmpegErrorFloodKeepsTheLastLine()
    {
        var dir = Directory.CreateTempSubdirectory("musicdash-hostile-").FullName;
        try
        {
            var tool = Script(dir, "flood", "head -c 50000000 /dev/zero | tr '\\0' x >&2\necho >&2\nseq 1 100000 >&2\necho 'the last reason' >&2\nexit 1\n");
            var song = Path.Combine(dir, "song.ogg");
            File.WriteAllBytes(song, [1, 2, 3]);
            var e = Assert.Throws<AudioDecodeException>(() => FfmpegDecoder.Decode(song, tool));
            Assert.Equal("song.ogg: ffmpeg could not decode it (the last reason)", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    private static string Script(string dir, string name, string body)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static bool FfmpegInstalled() => AudioLoaderTests.TryFfmpeg("-version");
}
