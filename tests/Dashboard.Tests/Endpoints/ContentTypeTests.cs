using MusicDashboard.Dashboard.Endpoints;

namespace MusicDashboard.Dashboard.Tests.Endpoints;

public class ContentTypeTests
{
    [Theory]
    [InlineData("blues.00000.wav", "audio/wav")]
    [InlineData("a/b/track.WAV", "audio/wav")]
    [InlineData("x.au", "audio/basic")]
    [InlineData("x.snd", "audio/basic")]
    [InlineData("x.mp3", "audio/mpeg")]
    [InlineData("x.flac", "audio/flac")]
    [InlineData("x.ogg", "audio/ogg")]
    [InlineData("x.m4a", "audio/mp4")]
    [InlineData("x.unknown-ext", "application/octet-stream")]
    [InlineData("no-extension", "application/octet-stream")]
    public void AudioFilesGetTheirMediaType(string path, string expected) => Assert.Equal(expected, AudioEndpoints.ContentType(path));
}
