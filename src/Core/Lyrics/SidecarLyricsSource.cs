using MusicDashboard.Core.Datasets;

namespace MusicDashboard.Core.Lyrics;

/// <summary>Lyrics from the <c>.txt</c> file beside each audio file (<see cref="TrackFile.SidecarLyricsPath"/>).</summary>
public sealed class SidecarLyricsSource : ILyricsSource
{
    public string Name => "sidecar";

    public string? TextOf(TrackFile track)
    {
        if (track.SidecarLyricsPath is null) return null;
        try { return File.ReadAllText(track.SidecarLyricsPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"lyrics file '{track.SidecarLyricsPath}' cannot be read: {e.Message}");
        }
    }
}
