using System.Buffers.Binary;

namespace MusicDashboard.Core.Audio;

/// <summary>
/// RIFF/WAVE decoder: PCM 8 (unsigned) / 16 / 24 / 32-bit, IEEE float 32 / 64, WAVE_FORMAT_EXTENSIBLE, any channel count
/// (averaged to mono). Unknown chunks (LIST, fact, ...) are skipped, honouring the pad byte after odd-sized chunks.
/// PCM16 maps to x / 32768 exactly, as libsndfile (and so librosa / soundfile) does.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1, FormatFloat = 3, FormatExtensible = 0xFFFE;

    public static AudioBuffer Read(string path)
    {
        return Decode(AudioFile.ReadAllBytes(path), path);
    }

    public static AudioBuffer Decode(ReadOnlySpan<byte> b, string nameForMessages)
    {
        try
        {
            return DecodeCore(b, nameForMessages);
        }
        catch (AudioDecodeException) { throw; }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or OverflowException or InvalidOperationException)
        {
            // Belt and braces: no malformed header may surface as anything but a decode error naming the file.
            throw new AudioDecodeException(nameForMessages, $"malformed WAV ({e.Message})", e);
        }
    }

    private static AudioBuffer DecodeCore(ReadOnlySpan<byte> b, string name)
    {
        if (b.Length == 0) throw new AudioDecodeException(name, "empty file");
        if (b.Length < 12 || !b[..4].SequenceEqual("RIFF"u8) || !b.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new AudioDecodeException(name, $"not a WAV file (starts with {AudioFile.DescribeMagic(b)})");

        int pos = 12;
        ushort format = 0, channels = 0, bits = 0, blockAlign = 0;
        int sampleRate = 0;
        bool haveFmt = false;
        while (pos + 8 <= b.Length)
        {
            var id = b.Slice(pos, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(b.Slice(pos + 4, 4));
            var body = pos + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > b.Length) throw new AudioDecodeException(name, "truncated fmt chunk");
                format = BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(body, 2));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(body + 2, 2));
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(b.Slice(body + 4, 4));
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(body + 12, 2));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(body + 14, 2));
                if (format == FormatExtensible)
                {
                    if (size < 40 || body + 40 > b.Length) throw new AudioDecodeException(name, "truncated WAVE_FORMAT_EXTENSIBLE fmt chunk");
                    // The sub-format GUID starts with the real format tag.
                    format = BinaryPrimitives.ReadUInt16LittleEndian(b.Slice(body + 24, 2));
                }
                haveFmt = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFmt) throw new AudioDecodeException(name, "data chunk before the fmt chunk");
                var available = b.Length - body;
                if (size > available)
                    throw new AudioDecodeException(name, $"truncated data chunk (expected {size} bytes, found {available})");
                return Samples(b.Slice(body, (int)size), format, channels, sampleRate, bits, blockAlign, name);
            }
            // Chunks are word-aligned: an odd size is followed by a pad byte.
            var next = (long)body + size + (size & 1);
            if (next > b.Length) break;
            pos = (int)next;
        }
        throw new AudioDecodeException(name, haveFmt ? "no data chunk" : "no fmt chunk");
    }

    private static AudioBuffer Samples(ReadOnlySpan<byte> data, ushort format, ushort channels, int sampleRate, ushort bits, ushort blockAlign, string name)
    {
        if (channels == 0) throw new AudioDecodeException(name, "zero channels");
        if (sampleRate <= 0 || sampleRate > 1_000_000) throw new AudioDecodeException(name, $"invalid sample rate {sampleRate}");
        var bytesPerSample = format switch
        {
            FormatPcm when bits is 8 or 16 or 24 or 32 => bits / 8,
            FormatFloat when bits is 32 or 64 => bits / 8,
            FormatPcm => throw new AudioDecodeException(name, $"unsupported PCM bit depth {bits}"),
            FormatFloat => throw new AudioDecodeException(name, $"unsupported float bit depth {bits}"),
            _ => throw new AudioDecodeException(name, $"unsupported WAV format tag 0x{format:X4} (PCM and IEEE float are supported)"),
        };
        var frameBytes = Math.Max((int)blockAlign, bytesPerSample * channels);
        if (frameBytes < bytesPerSample * channels) throw new AudioDecodeException(name, "block align smaller than one frame");
        var frames = data.Length / frameBytes;
        if (frames == 0) throw new AudioDecodeException(name, "no audio frames (empty data chunk)");

        var mono = new float[frames];
        var scale = 1.0 / channels;
        for (var f = 0; f < frames; f++)
        {
            var frame = data.Slice(f * frameBytes, frameBytes);
            double sum = 0;
            for (var c = 0; c < channels; c++)
                sum += Sample(frame.Slice(c * bytesPerSample, bytesPerSample), format, bits);
            mono[f] = (float)(channels == 1 ? sum : sum * scale);
        }
        return new AudioBuffer(mono, sampleRate, channels);
    }

    private static double Sample(ReadOnlySpan<byte> s, ushort format, ushort bits) => (format, bits) switch
    {
        (FormatPcm, 8) => (s[0] - 128) / 128.0,
        (FormatPcm, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768.0,
        (FormatPcm, 24) => ((s[0] | (s[1] << 8) | ((sbyte)s[2] << 16))) / 8388608.0,
        (FormatPcm, 32) => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0,
        (FormatFloat, 32) => AudioFile.Finite(BinaryPrimitives.ReadSingleLittleEndian(s)),
        _ => AudioFile.Finite(BinaryPrimitives.ReadDoubleLittleEndian(s)),
    };
}
