namespace MusicDashboard.Core.Demo;

internal enum LeadStyle { None, Melody, Bells }
