namespace MusicDashboard.Training.Whisper;

/// <summary>A Whisper model file that cannot be used: the message names the file and what is wrong with it
/// (wrong magic, truncated section, unknown tensor type, missing or unexpected tensor).</summary>
public sealed class WhisperModelException(string path, string reason) : Exception($"Whisper model '{path}': {reason}")
{
    public string Path { get; } = path;
    public string Reason { get; } = reason;
}
