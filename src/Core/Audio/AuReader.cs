using System.Buffers.Binary;

namespace MusicDashboard.Core.Audio;

/// <summary>
/// Sun / NeXT AU (<c>.au</c>, <c>.snd</c>) decoder: GTZAN's original format (big-endian 16-bit linear PCM), and 8-bit
/// mu-law and A-law, 8 / 24 / 32-bit linear PCM, IEEE float 32 / 64, any channel count (averaged to mono). Scaling
/// follows libsndfile (and so librosa / soundfile): linear n-bit PCM maps to x / 2^(n-1), companded bytes go through the
/// G.711 tables to 16-bit values first.
/// </summary>
public static class AuReader
{
    private const int HeaderBytes = 24;

    public static AudioBuffer Read(string path) => AudioFile.WithContents(path, (bytes, length) => Decode(bytes.AsSpan(0, length), path));

    public static AudioBuffer Decode(ReadOnlySpan<byte> b, string nameForMessages)
    {
        try
        {
            return DecodeCore(b, nameForMessages);
        }
        catch (AudioDecodeException) { throw; }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or OverflowException or InvalidOperationException)
        {
            // No malformed header may surface as anything but a decode error naming the file.
            throw new AudioDecodeException(nameForMessages, $"malformed AU ({e.Message})", e);
        }
    }

    private static AudioBuffer DecodeCore(ReadOnlySpan<byte> b, string name)
    {
        if (b.Length == 0) throw new AudioDecodeException(name, "empty file");
        if (b.Length < 4 || !b[..4].SequenceEqual(".snd"u8))
            throw new AudioDecodeException(name, $"not an AU file (starts with {AudioFile.DescribeMagic(b)})");
        if (b.Length < HeaderBytes) throw new AudioDecodeException(name, $"truncated AU header ({b.Length} of {HeaderBytes} bytes)");
        var offset = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
        var size = BinaryPrimitives.ReadUInt32BigEndian(b[8..]);
        var encoding = BinaryPrimitives.ReadUInt32BigEndian(b[12..]);
        var rate = BinaryPrimitives.ReadUInt32BigEndian(b[16..]);
        var channels = BinaryPrimitives.ReadUInt32BigEndian(b[20..]);
        if (offset < HeaderBytes || offset > b.Length)
            throw new AudioDecodeException(name, $"invalid data offset {offset} (file has {b.Length} bytes)");
        if (channels == 0 || channels > 1024) throw new AudioDecodeException(name, $"invalid channel count {channels}");
        AudioFile.CheckSampleRate(rate, name);
        var sampleEncoding = encoding switch
        {
            1 => SampleEncoding.MuLaw,
            2 => SampleEncoding.Int8,
            3 => SampleEncoding.Int16BigEndian,
            4 => SampleEncoding.Int24BigEndian,
            5 => SampleEncoding.Int32BigEndian,
            6 => SampleEncoding.Float32BigEndian,
            7 => SampleEncoding.Float64BigEndian,
            27 => SampleEncoding.ALaw,
            _ => throw new AudioDecodeException(name, $"unsupported AU encoding {encoding} (supported: 1 mu-law, 2-5 linear 8/16/24/32-bit, 6 float, 7 double, 27 A-law)"),
        };
        var available = b.Length - (int)offset;
        // 0xFFFFFFFF means "unknown size": the data runs to the end of the file (streams written without seeking).
        int dataBytes;
        if (size == uint.MaxValue) dataBytes = available;
        else if (size > available) throw new AudioDecodeException(name, $"truncated data (header says {size} bytes, found {available})");
        else dataBytes = (int)size;

        var frameBytes = SampleMixer.BytesPerSample(sampleEncoding) * (int)channels;
        var frames = dataBytes / frameBytes;
        if (frames == 0) throw new AudioDecodeException(name, "no audio frames (empty data)");
        return new AudioBuffer(SampleMixer.ToMono(b[(int)offset..], sampleEncoding, (int)channels, frameBytes, frames), (int)rate, (int)channels);
    }

    /// <summary>G.711 mu-law byte to a 16-bit value (range +-32124), as libsndfile's table.</summary>
    public static short MuLaw(byte u)
    {
        u = (byte)~u;
        var exponent = (u >> 4) & 7;
        var magnitude = ((((u & 0x0F) << 3) + 0x84) << exponent) - 0x84;
        return (short)((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    /// <summary>G.711 A-law byte to a 16-bit value (range +-32256), as libsndfile's table.</summary>
    public static short ALaw(byte a)
    {
        a ^= 0x55;
        var t = (a & 0x0F) << 4;
        var segment = (a & 0x70) >> 4;
        t = segment switch { 0 => t + 8, 1 => t + 0x108, _ => (t + 0x108) << (segment - 1) };
        return (short)((a & 0x80) != 0 ? t : -t);
    }
}
