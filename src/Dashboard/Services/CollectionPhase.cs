namespace MusicDashboard.Dashboard.Services;

/// <summary>Where the collection's preparation is.</summary>
public enum CollectionPhase { Starting, GeneratingDemo, Scanning, Ready, Failed }
