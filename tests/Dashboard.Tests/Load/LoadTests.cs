using MusicDashboard.Dashboard.Cli;
using MusicDashboard.Dashboard.Tests.E2E;

namespace MusicDashboard.Dashboard.Tests.Load;

/// <summary>
/// Issue 16's load at the suite's size, on a real dashboard process of its own (<see cref="DashboardServer"/>): 20 page
/// loads 5 at a time and 5 SignalR watchers while a 6-epoch run trains. No server error, no failed request, and every
/// watcher gets every epoch once and in order. No timing is asserted: <c>musicdash bench load</c> prints the figures.
/// </summary>
public class LoadTests(DashboardServer server) : IClassFixture<DashboardServer>
{
    [Fact]
    public async Task PageLoadsAndWatchersWhileARunTrainsLoseNothing()
    {
        await server.WaitForTracksAsync(TimeSpan.FromMinutes(3));
        var options = new LoadOptions(Pages: 20, Watchers: 5, Concurrency: 5, Epochs: 6, MeasureAlone: false);
        var report = await new LoadDriver(server.BaseAddress, options).RunAsync(CancellationToken.None);

        Assert.Equal("completed", report.FinalState);
        Assert.Equal(20, report.PageLoads);
        Assert.Empty(report.Errors);
        Assert.Equal(0, report.ServerErrors);
        Assert.Equal(20, report.Statuses.GetValueOrDefault(200));
        Assert.Equal(6, report.EpochsPublished);
        Assert.Equal(5, report.WatcherEpochs.Count);
        Assert.All(report.WatcherEpochs, epochs => Assert.Equal([1, 2, 3, 4, 5, 6], epochs));
        Assert.Equal(20, report.LatenciesMs.Count);
    }
}
