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

    /// <summary>The first four bytes as text when printable, else as hex: enough to see "this is an MP3" in a message.</summary>
    public static string DescribeMagic(ReadOnlySpan<byte> b)
    {
        var head = b[..Math.Min(4, b.Length)];
        var printable = head.ToArray().All(c => c is >= 32 and < 127);
        return printable ? $"'{Encoding.ASCII.GetString(head)}'" : Convert.ToHexString(head);
    }

    // A NaN or infinity in float audio would poison every feature of the clip; silence it instead.
    public static double Finite(double v) => double.IsFinite(v) ? v : 0;
}
