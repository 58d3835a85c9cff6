namespace MusicDashboard.Core.Audio;

/// <summary>A file that cannot be decoded, with the file and the reason: the one exception every decoder path throws.</summary>
public sealed class AudioDecodeException(string path, string reason, Exception? inner = null)
    : Exception($"{System.IO.Path.GetFileName(path)}: {reason}", inner)
{
    public string Path { get; } = path;
    public string Reason { get; } = reason;
}
