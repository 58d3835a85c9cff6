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
        AudioFile.CheckSampleRate(sampleRate, name);
        var encoding = (format, bits) switch
        {
            (FormatPcm, 8) => SampleEncoding.UInt8,
            (FormatPcm, 16) => SampleEncoding.Int16LittleEndian,
            (FormatPcm, 24) => SampleEncoding.Int24LittleEndian,
            (FormatPcm, 32) => SampleEncoding.Int32LittleEndian,
            (FormatFloat, 32) => SampleEncoding.Float32LittleEndian,
            (FormatFloat, 64) => SampleEncoding.Float64LittleEndian,
            (FormatPcm, _) => throw new AudioDecodeException(name, $"unsupported PCM bit depth {bits}"),
            (FormatFloat, _) => throw new AudioDecodeException(name, $"unsupported float bit depth {bits}"),
            _ => throw new AudioDecodeException(name, $"unsupported WAV format tag 0x{format:X4} (PCM and IEEE float are supported)"),
        };
        // A block align larger than one frame pads each frame; a smaller one (a broken header) is taken as the frame itself.
        var frameBytes = Math.Max((int)blockAlign, SampleMixer.BytesPerSample(encoding) * channels);
        var frames = data.Length / frameBytes;
        if (frames == 0) throw new AudioDecodeException(name, "no audio frames (empty data chunk)");
        return new AudioBuffer(SampleMixer.ToMono(data, encoding, channels, frameBytes, frames), sampleRate, channels);
    }
}
