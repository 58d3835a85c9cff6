using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Core.Tests.Configuration;

/// <summary>What a dashboard or a worker says instead of starting when scale-out cannot work as configured.</summary>
public sealed class ScaleOutSettingsTests
{
    [Fact]
    public void OffNeedsNothing_OnNeedsPostgreSqlAndRedis_AndSaysWhatToSet()
    {
        Assert.Null(new ScaleOutSettings().Problem(DatabaseProvider.Sqlite));
        Assert.Contains("set MusicDashboard:DatabaseProvider to postgresql",
            new ScaleOutSettings { Enabled = true, Redis = "localhost:6379" }.Problem(DatabaseProvider.Sqlite));
        Assert.Contains("needs MusicDashboard:ScaleOut:Redis", new ScaleOutSettings { Enabled = true }.Problem(DatabaseProvider.PostgreSql));
        Assert.Contains("DeadWorkerSeconds must be 5..86400, got 1",
            new ScaleOutSettings { Enabled = true, Redis = "r:6379", DeadWorkerSeconds = 1 }.Problem(DatabaseProvider.PostgreSql));
        Assert.Contains("TracksPerShard must be 1..100000, got 0",
            new ScaleOutSettings { Enabled = true, Redis = "r:6379", TracksPerShard = 0 }.Problem(DatabaseProvider.PostgreSql));
        Assert.Null(new ScaleOutSettings { Enabled = true, Redis = "r:6379" }.Problem(DatabaseProvider.PostgreSql));
    }
}
