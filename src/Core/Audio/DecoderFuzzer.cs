using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace MusicDashboard.Core.Audio;

/// <summary>
/// Seeded hostile inputs for the decoders and a runner that checks what each did. Cases rotate through: truncations of
/// valid files, header fields set to edge values (0, 1, 0x7FFF..., 0xFFFFFFFF, the file's length +-1, rates just out of
/// range, ...), single bit flips walked over every header offset, random byte overwrites, chunk games (data before fmt,
/// repeated or odd-sized chunks, chunks claiming 4 GB), random bytes behind a valid magic and plain random bytes. The
/// valid seeds cover every encoding the readers take (WAV PCM 8/16/24/32, float 32/64, extensible, mono / stereo /
/// 6 channels, odd chunks; AU mu-law, A-law, PCM 8/16/24/32, float, double, unknown size, annotation). Compressed cases
/// (every <see cref="FfmpegEvery"/>-th, when a folder is given and ffmpeg is found) mutate small FLAC / MP3 / OGG files that ffmpeg made and add
/// playlist files (ffconcat, HLS) naming other files, through <see cref="AudioLoader.Load"/> and ffmpeg.
/// <para>The rule every case must keep (<see cref="Run"/>): decoded, or refused with <see cref="AudioDecodeException"/>
/// from a named check (not the decoders' last-resort catch), and the decoding thread's allocations within
/// <see cref="AllocationBound"/> of the input's size.</para>
/// </summary>
public sealed class DecoderFuzzer
{
    /// <summary>Every how many cases one is compressed (through ffmpeg, a process per case: far slower than the rest).</summary>
    public int FfmpegEvery { get; }

    private sealed record Seed(string Format, string Extension, byte[] Bytes, (string Name, int Offset, int Width)[] Fields, int HeaderBytes);

    private static readonly string[] Kinds = ["truncated", "header-field", "bit-flip", "overwrite", "chunk-games", "magic+random", "random"];

    private readonly int _seed;
    private readonly List<Seed> _native;
    private readonly List<Seed> _compressed = [];
    private readonly string _folder;
    private readonly string _ffmpeg;

    /// <summary>Whether compressed cases exist: ffmpeg was found and made its seeds (otherwise they are not generated,
    /// and <see cref="FfmpegStatus"/> says why).</summary>
    public bool WithFfmpeg => _compressed.Count > 0;
    public string FfmpegStatus { get; }

    /// <param name="folder">where compressed cases are written (ffmpeg reads files); null: no compressed cases</param>
    public DecoderFuzzer(int seed, string? folder, int ffmpegEvery = 50, string ffmpeg = FfmpegDecoder.DefaultTool)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ffmpegEvery, 2);
        FfmpegEvery = ffmpegEvery;
        _seed = seed;
        _ffmpeg = ffmpeg;
        _folder = folder ?? "";
        _native = NativeSeeds(new Random(seed));
        if (folder is null) { FfmpegStatus = "compressed cases off"; return; }
        FfmpegStatus = MakeCompressedSeeds(folder);
    }

    /// <summary>What the decoding thread may allocate for an input: 16 bytes per input byte (mono floats of 8-bit audio
    /// are 4) plus 256 KB without resampling; with resampling to <paramref name="targetRate"/> the output (at most
    /// target / 1000 Hz times the samples) and the resampler's table (at most max(output, 4 MB)) on top.</summary>
    public static long AllocationBound(long inputBytes, int targetRate)
    {
        var bound = 16 * inputBytes + (256 << 10);
        if (targetRate > 0)
        {
            var output = 4 * inputBytes * Math.Max(1, (long)Math.Ceiling(targetRate / (double)AudioFile.MinSampleRate));
            bound += output + Math.Max(output, 4L << 20);
        }
        return bound;
    }

    public FuzzCase Case(int index)
    {
        var rng = new Random(HashCode.Combine(_seed, index));
        if (WithFfmpeg && index % FfmpegEvery == FfmpegEvery - 1) return Compressed(index, rng);
        var kind = Kinds[index % Kinds.Length];
        var seed = _native[rng.Next(_native.Count)];
        var b = (byte[])seed.Bytes.Clone();
        switch (kind)
        {
            case "truncated":
            {
                var n = rng.Next(2) == 0 ? rng.Next(Math.Min(b.Length, seed.HeaderBytes + 16)) : rng.Next(b.Length);
                return new(index, seed.Format, $"truncated at {n} of {b.Length}", Name(index, seed), b[..n]);
            }
            case "header-field":
            {
                var (name, offset, width) = seed.Fields[rng.Next(seed.Fields.Length)];
                var value = EdgeValue(rng, b.Length);
                Write(b, offset, width, value, bigEndian: seed.Format == "au");
                return new(index, seed.Format, $"header-field {name}=0x{value:X}", Name(index, seed), b);
            }
            case "bit-flip":
            {
                // Walks every header offset and bit: case k flips bit (k / header) % 8 of byte k % header.
                var k = index / Kinds.Length;
                var offset = k % seed.HeaderBytes;
                var bit = k / seed.HeaderBytes % 8;
                b[offset] ^= (byte)(1 << bit);
                return new(index, seed.Format, $"bit-flip byte {offset} bit {bit}", Name(index, seed), b);
            }
            case "overwrite":
            {
                var count = 1 + rng.Next(8);
                for (var i = 0; i < count; i++) b[rng.Next(b.Length)] = (byte)rng.Next(256);
                return new(index, seed.Format, $"overwrite {count} bytes", Name(index, seed), b);
            }
            case "chunk-games":
                return seed.Format == "wav" ? ChunkGames(index, rng) : AuGames(index, rng);
            case "magic+random":
            {
                var r = new byte[rng.Next(4, 2048)];
                rng.NextBytes(r);
                if (seed.Format == "wav" && r.Length >= 12) { "RIFF"u8.CopyTo(r); "WAVE"u8.CopyTo(r.AsSpan(8)); if (r.Length >= 16 && rng.Next(2) == 0) "fmt "u8.CopyTo(r.AsSpan(12)); }
                else ".snd"u8.CopyTo(r);
                return new(index, seed.Format, $"magic + {r.Length - 4} random bytes", Name(index, seed), r);
            }
            default:
            {
                var r = new byte[rng.Next(0, 2048)];
                rng.NextBytes(r);
                return new(index, seed.Format, $"{r.Length} random bytes", Name(index, seed), r);
            }
        }
    }

    /// <summary>Decodes the case at <paramref name="targetRate"/> (0 = the file's own) and checks the rule.</summary>
    public FuzzResult Run(FuzzCase c, int targetRate)
    {
        string? path = null;
        if (c.ViaFfmpeg)
        {
            path = Path.Combine(_folder, c.FileName);
            File.WriteAllBytes(path, c.Bytes);
        }
        var sw = Stopwatch.StartNew();
        var before = GC.GetAllocatedBytesForCurrentThread();
        int? samples = null;
        string? refusal = null, failure = null;
        try
        {
            var audio = path is null ? AudioLoader.Decode(c.Bytes, c.FileName, targetRate) : AudioLoader.Load(path, targetRate, _ffmpeg);
            samples = audio.Samples.Length;
            if (!audio.Samples.All(float.IsFinite)) failure = "decoded samples that are not finite";
        }
        catch (AudioDecodeException e)
        {
            refusal = e.Message;
            // The readers name every problem they check; "malformed ..." means only the last-resort catch saw it.
            if (e.Reason.StartsWith("malformed", StringComparison.Ordinal) || e.InnerException is not null and not IOException)
                failure = $"unchecked: {e.Message}";
        }
        catch (Exception e)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var ms = sw.Elapsed.TotalMilliseconds;
        if (path is not null) File.Delete(path);
        // Through ffmpeg the output is bounded by FfmpegDecoder's cap, not by the (compressed) input's size.
        var bound = c.ViaFfmpeg ? 3 * FfmpegDecoder.DefaultMaxOutputBytes : AllocationBound(c.Bytes.Length, targetRate);
        return new FuzzResult(c, samples, refusal, failure, allocated, bound, ms);
    }

    private static string Name(int index, Seed seed) => $"fuzz-{index}{seed.Extension}";

    private static long EdgeValue(Random rng, int fileLength)
    {
        long[] values =
        [
            0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 24, 0x7F, 0x80, 0xFF, 999, 1000, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF, 0x10000,
            1_000_000, 1_000_001, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF, fileLength, fileLength - 1, fileLength + 1,
            fileLength - 8, 2L * fileLength, fileLength / 2,
        ];
        return rng.Next(5) == 0 ? rng.NextInt64(0, 1L << 32) : values[rng.Next(values.Length)];
    }

    private static void Write(byte[] b, int offset, int width, long value, bool bigEndian)
    {
        var span = b.AsSpan(offset, width);
        if (width == 2)
        {
            if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)value); else BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value);
        }
        else if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(span, (uint)value);
        else BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value);
    }

    private static byte[] Noise(Random rng, int n) { var d = new byte[n]; rng.NextBytes(d); return d; }

    /// <summary>A WAV file from (id, declared size, body) chunks: the declared size may lie.</summary>
    private static byte[] Riff(IEnumerable<(string Id, uint Size, byte[] Body)> chunks, uint? riffSize = null)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write("RIFF"u8); w.Write(0u); w.Write("WAVE"u8);
        foreach (var (id, size, body) in chunks) { w.Write(Encoding.ASCII.GetBytes(id)); w.Write(size); w.Write(body); }
        var bytes = ms.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), riffSize ?? (uint)(bytes.Length - 8));
        return bytes;
    }

    private static byte[] Fmt(ushort format, ushort channels, uint rate, ushort bits, bool extensible)
    {
        var f = new byte[extensible ? 40 : 16];
        var block = (ushort)(channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(f, extensible ? (ushort)0xFFFE : format);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(8), rate * block);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(12), block);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(14), bits);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(18), bits);
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(24), format);
        }
        return f;
    }

    private static List<Seed> NativeSeeds(Random rng)
    {
        var seeds = new List<Seed>();
        (ushort Format, ushort Channels, ushort Bits, bool Ext, bool Odd)[] wavs =
        [
            (1, 1, 16, false, false), (1, 2, 16, false, true), (1, 1, 8, false, false), (1, 2, 24, true, false),
            (1, 1, 32, false, true), (3, 1, 32, false, false), (3, 2, 64, true, false), (1, 6, 16, true, false),
        ];
        foreach (var (format, channels, bits, ext, odd) in wavs)
        {
            var frames = 64 + rng.Next(200);
            var chunks = new List<(string, uint, byte[])>();
            if (odd) chunks.Add(("LIST", 3, [1, 2, 3, 0]));
            var fmt = Fmt(format, channels, 22050, bits, ext);
            chunks.Add(("fmt ", (uint)fmt.Length, fmt));
            var data = format == 3 ? FloatData(rng, frames * channels, bits) : Noise(rng, frames * channels * bits / 8);
            chunks.Add(("data", (uint)data.Length, data));
            var bytes = Riff(chunks);
            var fmtAt = odd ? 12 + 8 + 4 + 8 : 20;
            var dataAt = fmtAt + fmt.Length;
            var fields = new List<(string, int, int)>
            {
                ("riff-size", 4, 4), ("fmt-size", fmtAt - 4, 4), ("format", fmtAt, 2), ("channels", fmtAt + 2, 2), ("rate", fmtAt + 4, 4),
                ("byte-rate", fmtAt + 8, 4), ("block-align", fmtAt + 12, 2), ("bits", fmtAt + 14, 2), ("data-size", dataAt + 4, 4),
            };
            if (ext) fields.Add(("sub-format", fmtAt + 24, 2));
            if (odd) fields.Add(("list-size", 16, 4));
            seeds.Add(new Seed("wav", ".wav", bytes, fields.ToArray(), dataAt + 8));
        }
        (uint Encoding, uint Channels, int Bytes, uint Size, int Annotation)[] aus =
        [
            (3, 1, 2, 0, 0), (1, 1, 1, 0, 0), (27, 2, 1, 0, 8), (2, 1, 1, 0, 0), (4, 2, 3, 0, 0), (5, 1, 4, uint.MaxValue, 0),
            (6, 1, 4, 0, 4), (7, 2, 8, 0, 0), (3, 2, 2, uint.MaxValue, 0),
        ];
        foreach (var (enc, channels, bytesPer, size, annotation) in aus)
        {
            var frames = 64 + rng.Next(200);
            var data = enc is 6 or 7 ? FloatBigEndian(rng, frames * (int)channels, bytesPer) : Noise(rng, frames * (int)channels * bytesPer);
            var b = new byte[24 + annotation + data.Length];
            ".snd"u8.CopyTo(b);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), (uint)(24 + annotation));
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), size == 0 ? (uint)data.Length : size);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(12), enc);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), 22050);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), channels);
            data.CopyTo(b, 24 + annotation);
            seeds.Add(new Seed("au", ".au", b, [("offset", 4, 4), ("size", 8, 4), ("encoding", 12, 4), ("rate", 16, 4), ("channels", 20, 4)], 24 + annotation));
        }
        return seeds;
    }

    private static byte[] FloatData(Random rng, int n, int bits)
    {
        var d = new byte[n * bits / 8];
        for (var i = 0; i < n; i++)
        {
            var v = rng.NextDouble() * 2 - 1;
            if (bits == 32) BinaryPrimitives.WriteSingleLittleEndian(d.AsSpan(4 * i), (float)v); else BinaryPrimitives.WriteDoubleLittleEndian(d.AsSpan(8 * i), v);
        }
        return d;
    }

    private static byte[] FloatBigEndian(Random rng, int n, int bytes)
    {
        var d = new byte[n * bytes];
        for (var i = 0; i < n; i++)
        {
            var v = rng.NextDouble() * 2 - 1;
            if (bytes == 4) BinaryPrimitives.WriteSingleBigEndian(d.AsSpan(4 * i), (float)v); else BinaryPrimitives.WriteDoubleBigEndian(d.AsSpan(8 * i), v);
        }
        return d;
    }

    /// <summary>WAV chunk structures that lie: data before fmt, two fmt chunks, odd and huge sizes, many tiny chunks,
    /// a RIFF size beyond the file, fmt chunks shorter than 16 bytes, extensible without its extension.</summary>
    private FuzzCase ChunkGames(int index, Random rng)
    {
        var fmt = Fmt(1, (ushort)(1 + rng.Next(2)), 22050, 16, rng.Next(4) == 0);
        var data = Noise(rng, 2 * rng.Next(0, 300));
        var chunks = new List<(string Id, uint Size, byte[] Body)> { ("fmt ", (uint)fmt.Length, fmt), ("data", (uint)data.Length, data) };
        var game = rng.Next(8);
        string what;
        switch (game)
        {
            case 0: chunks.Reverse(); what = "data before fmt"; break;
            case 1: chunks.Insert(1, ("fmt ", 16, Fmt(3, 1, 8000, 64, false))); what = "two fmt chunks"; break;
            case 2: chunks.Insert(0, ("junk", 0xFFFFFFFF, Noise(rng, rng.Next(64)))); what = "chunk claiming 4 GB before fmt"; break;
            case 3: chunks[1] = ("data", 0x7FFFFFFF - (uint)rng.Next(16), data); what = "data claiming 2 GB"; break;
            case 4: for (var i = 0; i < 1 + rng.Next(200); i++) chunks.Insert(0, ("x" + (char)('a' + i % 26) + "  ", (uint)(i % 3), Noise(rng, i % 3 + (i % 3 & 1)))); what = "many tiny chunks"; break;
            case 5: chunks[0] = ("fmt ", (uint)rng.Next(16), fmt[..rng.Next(17)]); what = "short fmt chunk"; break;
            case 6: chunks[0] = ("fmt ", 40, fmt.Length == 40 ? fmt : [.. fmt, .. Noise(rng, 8)]); BinaryPrimitives.WriteUInt16LittleEndian(chunks[0].Body, 0xFFFE); what = "extensible without its extension"; break;
            default: chunks.Add(("LIST", (uint)rng.Next(1, 9), Noise(rng, rng.Next(0, 4)))); what = "trailing chunk running past the end"; break;
        }
        var bytes = Riff(chunks, game == 7 ? 0xFFFFFFFF : null);
        return new(index, "wav", $"chunk-games {what}", $"fuzz-{index}.wav", bytes);
    }

    /// <summary>AU headers that lie: data offset inside the header or past the end, unknown size with odd data,
    /// 1024+ channels, a huge annotation.</summary>
    private FuzzCase AuGames(int index, Random rng)
    {
        var data = Noise(rng, rng.Next(0, 600));
        var offset = (uint)(24 + rng.Next(3) * rng.Next(0, 40));
        var b = new byte[Math.Max(24, (int)offset + data.Length)];
        ".snd"u8.CopyTo(b);
        var game = rng.Next(5);
        uint[] channels = [1, 2, 1023, 1024, 1025];
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(4), game == 0 ? (uint)rng.Next(24) : game == 1 ? (uint)b.Length + (uint)rng.Next(1, 100) : offset);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(8), game == 2 ? uint.MaxValue : (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(12), (uint)new[] { 1, 2, 3, 4, 5, 6, 7, 27 }[rng.Next(8)]);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(16), (uint)new[] { 8000, 22050, 999, 1000, 1_000_000, 1_000_001 }[rng.Next(6)]);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(20), game == 3 ? channels[rng.Next(channels.Length)] : (uint)(1 + rng.Next(2)));
        data.CopyTo(b, Math.Min((int)offset, b.Length - data.Length));
        return new(index, "au", $"au-games {new[] { "offset inside the header", "offset past the end", "unknown size", "channel count edge", "plain" }[game]}", $"fuzz-{index}.au", b);
    }

    private string MakeCompressedSeeds(string folder)
    {
        Directory.CreateDirectory(folder);
        var source = Path.Combine(folder, "seed.wav");
        var tone = Enumerable.Range(0, 8000).Select(i => (float)(0.4 * Math.Sin(i * 0.07) + 0.1 * Math.Sin(i * 0.31))).ToArray();
        WavWriter.WritePcm16(source, tone, 16000);
        foreach (var (ext, codec) in new[] { (".flac", "flac"), (".mp3", "libmp3lame"), (".ogg", "libvorbis") })
        {
            var target = Path.Combine(folder, "seed" + ext);
            try
            {
                var start = new ProcessStartInfo(_ffmpeg) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var a in new[] { "-nostdin", "-v", "error", "-y", "-i", source, "-c:a", codec, target }) start.ArgumentList.Add(a);
                using var p = Process.Start(start)!;
                _ = p.StandardOutput.ReadToEndAsync();
                p.StandardError.ReadToEnd();
                if (!p.WaitForExit(60_000)) { p.Kill(true); continue; }
                if (p.ExitCode == 0 && File.Exists(target))
                    _compressed.Add(new Seed(ext[1..], ext, File.ReadAllBytes(target), [], Math.Min(64, (int)new FileInfo(target).Length)));
            }
            catch (System.ComponentModel.Win32Exception) { return $"ffmpeg ('{_ffmpeg}') not found: no compressed cases"; }
            finally { File.Delete(target); }
        }
        File.Delete(source);
        return _compressed.Count == 0 ? "ffmpeg made no seed files: no compressed cases" : $"compressed cases from {string.Join(", ", _compressed.Select(s => s.Format))} made by ffmpeg, every {FfmpegEvery}th case";
    }

    private FuzzCase Compressed(int index, Random rng)
    {
        var seed = _compressed[rng.Next(_compressed.Count)];
        var b = (byte[])seed.Bytes.Clone();
        switch (rng.Next(6))
        {
            case 0:
                var n = rng.Next(b.Length);
                return new(index, seed.Format, $"truncated at {n} of {b.Length}", Name(index, seed), b[..n]);
            case 1:
                var offset = rng.Next(seed.HeaderBytes);
                b[offset] ^= (byte)(1 << rng.Next(8));
                return new(index, seed.Format, $"bit-flip byte {offset}", Name(index, seed), b);
            case 2:
                var count = 1 + rng.Next(16);
                for (var i = 0; i < count; i++) b[rng.Next(b.Length)] = (byte)rng.Next(256);
                return new(index, seed.Format, $"overwrite {count} bytes", Name(index, seed), b);
            case 3:
                // Playlists that would make ffmpeg read another file or fetch a URL.
                var other = Path.Combine(Path.GetTempPath(), "other.wav");
                var text = rng.Next(2) == 0
                    ? $"ffconcat version 1.0\nfile '{other}'\n"
                    : $"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nhttp://127.0.0.1:9/{index}.ts\n#EXTINF:1,\n{other}\n#EXT-X-ENDLIST\n";
                return new(index, seed.Format, "playlist naming other files", Name(index, seed), Encoding.ASCII.GetBytes(text));
            case 4:
                var r = Noise(rng, rng.Next(0, 4096));
                seed.Bytes.AsSpan(0, Math.Min(4, Math.Min(r.Length, seed.Bytes.Length))).CopyTo(r);
                return new(index, seed.Format, $"magic + {r.Length} random bytes", Name(index, seed), r);
            default:
                return new(index, seed.Format, $"{b.Length}-byte seed with its tail shuffled", Name(index, seed), Shuffled(rng, b));
        }
    }

    private static byte[] Shuffled(Random rng, byte[] b)
    {
        var from = Math.Min(b.Length, 64);
        rng.Shuffle(b.AsSpan(from));
        return b;
    }
}
