using System.Buffers.Binary;

namespace MusicDashboard.Core.Audio;

/// <summary>Writes mono AU files (GTZAN's layout: big-endian 16-bit linear PCM, 24-byte header), for tests and demos.</summary>
public static class AuWriter
{
    public static byte[] EncodePcm16(ReadOnlySpan<float> samples, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var bytes = new byte[24 + 2 * samples.Length];
        var h = bytes.AsSpan();
        ".snd"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32BigEndian(h[4..], 24);
        BinaryPrimitives.WriteUInt32BigEndian(h[8..], (uint)(2 * samples.Length));
        BinaryPrimitives.WriteUInt32BigEndian(h[12..], 3);
        BinaryPrimitives.WriteUInt32BigEndian(h[16..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32BigEndian(h[20..], 1);
        for (var i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16BigEndian(h[(24 + 2 * i)..], WavWriter.ToPcm16(samples[i]));
        return bytes;
    }

    public static void WritePcm16(string path, ReadOnlySpan<float> samples, int sampleRate) =>
        File.WriteAllBytes(path, EncodePcm16(samples, sampleRate));
}
