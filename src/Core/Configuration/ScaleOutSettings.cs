namespace MusicDashboard.Core.Configuration;

/// <summary>
/// The "MusicDashboard:ScaleOut" section: runs and feature-extraction shards go to <c>musicdash worker</c> processes
/// (any number, any machine) through Hangfire on the PostgreSQL database, and run events reach every dashboard instance
/// through Redis (docs/scale-out.md). Off by default: one process does everything, as it always did.
/// </summary>
public sealed class ScaleOutSettings
{
    /// <summary>Dashboards only enqueue and watch; workers execute. Needs the PostgreSQL provider and <see cref="Redis"/>.</summary>
    public bool Enabled { get; set; }
    /// <summary>StackExchange.Redis configuration of the Redis server the events and SignalR's backplane go through
    /// (e.g. "localhost:6379" or "redis.lab:6379,password=...").</summary>
    public string Redis { get; set; } = "";
    /// <summary>How long a job a worker has taken stays invisible to the other workers after its worker stops sending its
    /// heartbeat (a killed process, a lost machine): then another worker takes it up from the run's last checkpoint.</summary>
    public int DeadWorkerSeconds { get; set; } = 60;
    /// <summary>Tracks per feature-extraction shard (one Hangfire job each).</summary>
    public int TracksPerShard { get; set; } = 16;

    /// <summary>Null when usable, else what to set (a one-line start-up message).</summary>
    public string? Problem(Storage.DatabaseProvider database)
    {
        if (!Enabled) return null;
        if (database != Storage.DatabaseProvider.PostgreSql)
            return "MusicDashboard:ScaleOut:Enabled needs the PostgreSQL database (set MusicDashboard:DatabaseProvider to postgresql and MusicDashboard:Database to its connection string): the workers and every dashboard share it";
        if (string.IsNullOrWhiteSpace(Redis))
            return "MusicDashboard:ScaleOut:Enabled needs MusicDashboard:ScaleOut:Redis (e.g. localhost:6379): run events travel from the workers to every dashboard through it";
        if (DeadWorkerSeconds is < 5 or > 86400) return $"MusicDashboard:ScaleOut:DeadWorkerSeconds must be 5..86400, got {DeadWorkerSeconds}";
        if (TracksPerShard is < 1 or > 100000) return $"MusicDashboard:ScaleOut:TracksPerShard must be 1..100000, got {TracksPerShard}";
        return null;
    }
}
