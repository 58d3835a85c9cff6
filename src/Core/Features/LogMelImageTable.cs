namespace MusicDashboard.Core.Features;

/// <summary>The log-mel (dB) image of every clip as one flat row-major array [Count, 1, Height, Width], in the clip order
/// of the features pass that made it (10 s at 22050 Hz, hop 512: 128 x 431): the Conv-VAE's input.</summary>
public sealed record LogMelImageTable(float[] Values, int Count, int Height, int Width)
{
    public long SampleSize => (long)Height * Width;
}
