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
            ? AudioFile.WithContents(path, (bytes, length) => Decode(bytes.AsSpan(0, length), path, targetSampleRate))
            : ToRate(FfmpegDecoder.Decode(path, ffmpeg), targetSampleRate, path);

    /// <summary>What a file holds (duration, rate, channels), for a caller that has not decoded it already; decodes it.</summary>
    public static AudioFacts Probe(string path) => Load(path, 0).File;

    /// <summary>The product's <see cref="AudioDecoder"/>: <see cref="Decode"/> when the bytes were read, else <see cref="Load"/>.</summary>
    public static AudioBuffer Read(string path, byte[]? bytes, int targetSampleRate) =>
        bytes is null ? Load(path, targetSampleRate) : Decode(bytes, path, targetSampleRate);

    /// <summary>Decodes a file whose bytes the caller has already read (e.g. to hash them); ffmpeg formats are read from <paramref name="path"/>.</summary>
    public static AudioBuffer Decode(byte[] bytes, string path, int targetSampleRate, string ffmpeg = FfmpegDecoder.DefaultTool)
    {
        var native = Native(bytes, path);
        return native is null ? ToRate(FfmpegDecoder.Decode(path, ffmpeg), targetSampleRate, path) : ToRate(native, targetSampleRate, path);
    }

    private static AudioBuffer Decode(ReadOnlySpan<byte> bytes, string path, int targetSampleRate) =>
        ToRate(Native(bytes, path) ?? throw new InvalidOperationException("a native extension decodes natively"), targetSampleRate, path);

    /// <summary>WAV or AU by the first bytes, else by the extension; null for what only ffmpeg decodes.</summary>
    private static AudioBuffer? Native(ReadOnlySpan<byte> bytes, string path)
    {
        var head = bytes[..Math.Min(4, bytes.Length)];
        if (head.SequenceEqual("RIFF"u8)) return WavReader.Decode(bytes, path);
        if (head.SequenceEqual(".snd"u8)) return AuReader.Decode(bytes, path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".wav" or ".wave" => WavReader.Decode(bytes, path), // names the problem ("empty file", "not a WAV file ...")
            ".au" or ".snd" => AuReader.Decode(bytes, path),
            _ => null,
        };
    }

    private static AudioBuffer ToRate(AudioBuffer audio, int targetSampleRate, string path)
    {
        if (targetSampleRate <= 0 || targetSampleRate == audio.SampleRate) return audio;
        if (Math.Ceiling(audio.Samples.Length * ((double)targetSampleRate / audio.SampleRate)) > Array.MaxLength)
            throw new AudioDecodeException(path, $"too long to resample to {targetSampleRate} Hz ({audio.Samples.Length} samples at {audio.SampleRate} Hz)");
        return audio with { Samples = Resampler.Resample(audio.Samples, audio.SampleRate, targetSampleRate), SampleRate = targetSampleRate, File = audio.File };
    }
}
