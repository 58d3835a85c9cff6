using System.Buffers;
using System.Text;

namespace MusicDashboard.Core.Audio;

/// <summary>What the decoders share: reading a file with a decode error naming it, and describing unexpected bytes.</summary>
internal static class AudioFile
{
    public static byte[] ReadAllBytes(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new AudioDecodeException(path, $"cannot read the file ({e.Message})", e);
        }
    }

    /// <summary>
    /// Reads the whole file in one call into a buffer rented from <see cref="ArrayPool{T}.Shared"/> and hands its bytes to
    /// <paramref name="decode"/>: no array the size of the file is allocated per decode (the decoders copy what they keep).
    /// </summary>
    public static T WithContents<T>(string path, Func<byte[], int, T> decode)
    {
        byte[]? rented = null;
        try
        {
            int length;
            try
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
                var size = RandomAccess.GetLength(handle);
                if (size > Array.MaxLength) throw new AudioDecodeException(path, $"too large to decode ({size / (1024.0 * 1024 * 1024):0.0} GB)");
                rented = ArrayPool<byte>.Shared.Rent((int)size);
                length = 0;
                // A file that grows while it is read is read up to the length it had.
                while (length < size && RandomAccess.Read(handle, rented.AsSpan(length, (int)size - length), length) is var n and > 0) length += n;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                throw new AudioDecodeException(path, $"cannot read the file ({e.Message})", e);
            }
            return decode(rented, length);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The first four bytes as text when printable, else as hex: enough to see "this is an MP3" in a message.</summary>
    public static string DescribeMagic(ReadOnlySpan<byte> b)
    {
        var head = b[..Math.Min(4, b.Length)];
        var printable = head.ToArray().All(c => c is >= 32 and < 127);
        return printable ? $"'{Encoding.ASCII.GetString(head)}'" : Convert.ToHexString(head);
    }

    /// <summary>Lowest and highest sample rates a file may declare. Below 1 kHz there is no audio to speak of, and a
    /// file claiming 1 Hz would make the resampler write 22 050 samples for each of its own (a tiny file asking for
    /// gigabytes); above 1 MHz is no audio format's rate.</summary>
    public const int MinSampleRate = 1000, MaxSampleRate = 1_000_000;

    public static void CheckSampleRate(long rate, string name)
    {
        if (rate is < MinSampleRate or > MaxSampleRate)
            throw new AudioDecodeException(name, $"invalid sample rate {rate} Hz (supported: {MinSampleRate} to {MaxSampleRate} Hz)");
    }

    // A NaN or infinity in float audio would poison every feature of the clip; silence it instead. So is a double beyond
    // float's range, which would become an infinity in the float samples.
    public static double Finite(double v) => Math.Abs(v) <= float.MaxValue ? v : 0;
}
