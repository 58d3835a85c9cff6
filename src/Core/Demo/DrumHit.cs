namespace MusicDashboard.Core.Demo;

internal readonly record struct DrumHit(double Time, DrumSound Sound, float Velocity);
