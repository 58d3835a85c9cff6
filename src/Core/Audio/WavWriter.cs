using System.Buffers.Binary;

namespace MusicDashboard.Core.Audio;

/// <summary>
/// Writes mono 16-bit PCM WAV files with the canonical 44-byte header. Samples are clipped to [-1, 1] and
/// converted as round-half-away-from-zero of <c>x * 32767</c>, so the encoding is symmetric and exact to reproduce.
/// </summary>
public static class WavWriter
{
    public const int HeaderBytes = 44;

    public static void WritePcm16(string path, ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = EncodePcm16(samples, sampleRate);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        stream.Write(bytes);
    }

    public static byte[] EncodePcm16(ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        const int channels = 1, bitsPerSample = 16, blockAlign = channels * bitsPerSample / 8;
        long dataBytesLong = (long)samples.Length * blockAlign;
        if (dataBytesLong > int.MaxValue - HeaderBytes)
            throw new ArgumentException("too many samples for a WAV file", nameof(samples));
        int dataBytes = (int)dataBytesLong;

        var bytes = new byte[HeaderBytes + dataBytes];
        var h = bytes.AsSpan();
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], 36 + dataBytes);
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], 16);               // fmt chunk size
        BinaryPrimitives.WriteInt16LittleEndian(h[20..], 1);                // PCM
        BinaryPrimitives.WriteInt16LittleEndian(h[22..], channels);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], sampleRate * blockAlign); // byte rate
        BinaryPrimitives.WriteInt16LittleEndian(h[32..], blockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(h[34..], bitsPerSample);
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[40..], dataBytes);

        var data = h[HeaderBytes..];
        for (int i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(data[(2 * i)..], ToPcm16(samples[i]));
        return bytes;
    }

    /// <summary>One sample to 16-bit: NaN becomes silence, values outside [-1, 1] are clipped.</summary>
    public static short ToPcm16(float sample)
    {
        double x = float.IsNaN(sample) ? 0.0 : Math.Clamp((double)sample, -1.0, 1.0);
        return (short)Math.Round(x * 32767.0, MidpointRounding.AwayFromZero);
    }
}
