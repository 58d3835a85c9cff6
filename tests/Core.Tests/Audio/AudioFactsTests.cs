using MusicDashboard.Core.Audio;

namespace MusicDashboard.Core.Tests.Audio;

/// <summary>A decoded buffer says what its file holds even after resampling, so nobody decodes a file again to learn it.</summary>
public sealed class AudioFactsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("musicdash-facts-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ResampledAudioKeepsTheFilesDurationRateAndChannels()
    {
        var path = Path.Combine(_dir, "tone.wav");
        var samples = Enumerable.Range(0, 44100 * 3 / 2).Select(i => (float)Math.Sin(2 * Math.PI * 440 * i / 44100.0) * 0.5f).ToArray();
        WavWriter.WritePcm16(path, samples, 44100);

        var resampled = AudioLoader.Load(path, 22050);
        Assert.Equal(22050, resampled.SampleRate);
        Assert.Equal(new AudioFacts(1.5, 44100, 1), resampled.File);
        Assert.Equal(new AudioFacts(1.5, 44100, 1), AudioLoader.Probe(path));
        // Without resampling the buffer's own facts are the file's.
        var native = AudioLoader.Load(path, 0);
        Assert.Equal(new AudioFacts(native.DurationSeconds, 44100, 1), native.File);
        Assert.Equal(resampled.File, AudioLoader.Read(path, File.ReadAllBytes(path), 22050).File);
    }
}
