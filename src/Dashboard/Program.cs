using MusicDashboard.Dashboard.Cli;
using MusicDashboard.Dashboard.Hosting;
using MusicDashboard.Dashboard.Security;

// One executable: nothing, or only the web host's options (--urls, --Key=value), serves the dashboard; anything else is a
// verb (System.CommandLine), and an unknown verb is an error naming the closest one rather than a silently started server.
if (Verbs.IsVerbInvocation(args))
    return await Verbs.RunAsync(args);

WebApplication app;
try { app = DashboardHost.Build(args); }
catch (DashboardStartException e)
{
    // A refusal to start is said in words, without a stack trace.
    Console.Error.WriteLine($"musicdash: not starting: {e.Message}");
    return 1;
}
catch (MusicDashboard.Core.Storage.StorageException e)
{
    // A read-only or full data folder is said plainly and the program stops: it cannot keep runs it cannot write.
    Console.Error.WriteLine($"musicdash: {e.Message}");
    return 1;
}
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
