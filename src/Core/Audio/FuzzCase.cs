namespace MusicDashboard.Core.Audio;

/// <summary>One input of <see cref="DecoderFuzzer"/>: its bytes, the file name it is decoded under (the extension picks
/// ffmpeg for compressed formats) and how it was made (<see cref="Kind"/>, e.g. "header-field rate=0xFFFFFFFF").</summary>
public sealed record FuzzCase(int Index, string Format, string Kind, string FileName, byte[] Bytes)
{
    /// <summary>Whether the case goes through the ffmpeg program rather than the WAV / AU readers.</summary>
    public bool ViaFfmpeg => !AudioLoader.NativeExtensions.Contains(System.IO.Path.GetExtension(FileName));
}
