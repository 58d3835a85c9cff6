namespace MusicDashboard.Core.Demo;

internal enum VoiceStyle { None, Clean, Harsh }
