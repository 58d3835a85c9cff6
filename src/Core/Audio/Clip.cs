namespace MusicDashboard.Core.Audio;

public sealed record Clip(int Index, double OffsetSeconds, float[] Samples);
