using MusicDashboard.Dashboard.Cli;
using MusicDashboard.Dashboard.Hosting;

// One executable: nothing, or only the web host's options (--urls, --Key=value), serves the dashboard; anything else is a
// verb (System.CommandLine), and an unknown verb is an error naming the closest one rather than a silently started server.
if (Verbs.IsVerbInvocation(args))
    return await Verbs.RunAsync(args);

var app = DashboardHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
