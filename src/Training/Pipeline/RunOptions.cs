using MusicDashboard.Core.Audio;
using MusicDashboard.Core.Features;
using MusicDashboard.Core.Lyrics;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Training.Pipeline;

/// <summary>What a caller adds to a run besides its configuration.</summary>
public sealed record RunOptions
{
    /// <summary>Folder for training checkpoints (every VaeSettings.CheckpointEvery epochs and at the end); null = none.</summary>
    public string? CheckpointFolder { get; init; }
    /// <summary>Checkpoint folder to resume training from.</summary>
    public string? ResumeFrom { get; init; }
    /// <summary>Where lyric text comes from (default: sidecar .txt files; a Whisper transcript store plugs in here).</summary>
    public ILyricsSource Lyrics { get; init; } = new SidecarLyricsSource();
    /// <summary>Folder of the per-track feature cache (file hash + settings; see FeatureCache); null = always extract.</summary>
    public string? FeatureCacheFolder { get; init; }
    /// <summary>How files become samples (default <see cref="AudioLoader.Read"/>); tests count decodes through it.</summary>
    public AudioDecoder? Decoder { get; init; }
}
