using MusicDashboard.Dashboard.Cli;
using MusicDashboard.Dashboard.Hosting;

// One executable: with a verb it runs headless work on the same code as the dashboard; without one it serves the dashboard.
if (Verbs.IsVerbInvocation(args))
    return await Verbs.RunAsync(args);

var app = DashboardHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
