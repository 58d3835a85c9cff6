using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Storage;

/// <summary>LRC sidecars lose their timing and id tags (no database involved).</summary>
public sealed class TranscriptLrcTests
{
    [Theory]
    [InlineData("[00:01.00]Line one\r\n[00:02]Line two", "Line one\nLine two")]
    [InlineData("[length: 03:20]\n[offset:+100]\n[00:01.000]Only  this", "Only this")]
    [InlineData("plain text, no tags", "plain text, no tags")]
    [InlineData("[00:01.00]", "")]
    public void StripsLrcTimingAndIdTags(string lrc, string expected) => Assert.Equal(expected, TranscriptStore.StripLrc(lrc));
}
