namespace MusicDashboard.Core.Audio;

/// <summary>
/// Loads any supported audio file as mono at a target rate (0 = keep the file's rate). WAV and AU are decoded here, chosen
/// by their first bytes (so a mislabelled file still decodes, and a non-audio file is named as such); any other extension
/// goes through ffmpeg.
/// </summary>
public static class AudioLoader
{
    public static readonly IReadOnlySet<string> NativeExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".wav", ".wave", ".au", ".snd" };

    public static AudioBuffer Load(string path, int targetSampleRate, string ffmpeg = FfmpegDecoder.DefaultTool) =>
        NativeExtensions.Contains(Path.GetExtension(path))
            ? Decode(AudioFile.ReadAllBytes(path), path, targetSampleRate, ffmpeg)
            : ToRate(FfmpegDecoder.Decode(path, ffmpeg), targetSampleRate);

    /// <summary>What a file holds (duration, rate, channels), for a caller that has not decoded it already; decodes it.</summary>
    public static AudioFacts Probe(string path) => Load(path, 0).File;

    /// <summary>The product's <see cref="AudioDecoder"/>: <see cref="Decode"/> when the bytes were read, else <see cref="Load"/>.</summary>
    public static AudioBuffer Read(string path, byte[]? bytes, int targetSampleRate) =>
        bytes is null ? Load(path, targetSampleRate) : Decode(bytes, path, targetSampleRate);

    /// <summary>Decodes a file whose bytes the caller has already read (e.g. to hash them); ffmpeg formats are read from <paramref name="path"/>.</summary>
    public static AudioBuffer Decode(byte[] bytes, string path, int targetSampleRate, string ffmpeg = FfmpegDecoder.DefaultTool)
    {
        var head = bytes.AsSpan(0, Math.Min(4, bytes.Length));
        AudioBuffer audio;
        if (head.SequenceEqual("RIFF"u8)) audio = WavReader.Decode(bytes, path);
        else if (head.SequenceEqual(".snd"u8)) audio = AuReader.Decode(bytes, path);
        else
        {
            var ext = Path.GetExtension(path).ToLowerInvariant();
            audio = ext switch
            {
                ".wav" or ".wave" => WavReader.Decode(bytes, path), // names the problem ("empty file", "not a WAV file ...")
                ".au" or ".snd" => AuReader.Decode(bytes, path),
                _ => FfmpegDecoder.Decode(path, ffmpeg),
            };
        }
        return ToRate(audio, targetSampleRate);
    }

    private static AudioBuffer ToRate(AudioBuffer audio, int targetSampleRate) =>
        targetSampleRate <= 0 || targetSampleRate == audio.SampleRate
            ? audio
            : audio with { Samples = Resampler.Resample(audio.Samples, audio.SampleRate, targetSampleRate), SampleRate = targetSampleRate, File = audio.File };
}
