namespace MusicDashboard.Core.Storage;

public enum RunState { Queued, Running, Completed, Failed, Cancelled, Interrupted }
