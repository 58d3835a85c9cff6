namespace MusicDashboard.Core.Demo;

internal enum DrumSound { Kick, Snare, ClosedHat, OpenHat, Perc, Crash }
