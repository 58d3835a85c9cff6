using MusicDashboard.Core.Runtime;
using Microsoft.Extensions.Configuration;
using MusicDashboard.Core.Configuration;

namespace MusicDashboard.Dashboard.Hosting;

/// <summary>Reads the one appsettings.json (repository root when running from source) for the dashboard and the verbs alike.</summary>
public static class AppConfiguration
{
    /// <summary>Environment variable that points at another configuration folder (tests, packaged installs).</summary>
    public const string ConfigFolderVariable = "MUSICDASH_CONFIG_DIR";

    public static string ConfigurationFolder() =>
        Environment.GetEnvironmentVariable(ConfigFolderVariable) is { Length: > 0 } dir ? Path.GetFullPath(dir) : AppPaths.FindConfigurationFolder();

    public static IConfigurationRoot Load(string folder, string[]? commandLine = null) => new ConfigurationBuilder()
        .SetBasePath(folder)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(commandLine ?? [])
        .Build();

    /// <summary>The paths of the configuration in force (the verbs' start-up: folder, appsettings.json, environment).</summary>
    public static AppPaths LoadPaths()
    {
        var folder = ConfigurationFolder();
        return Paths(Load(folder), folder);
    }

    /// <summary>For the verbs that compute: the paths, with TorchSharp's thread count set from the configuration before
    /// the first tensor.</summary>
    public static AppPaths LoadPathsForCompute()
    {
        var paths = LoadPaths();
        TorchRuntime.Configure(paths.Options.Threads);
        return paths;
    }

    public static AppPaths Paths(IConfiguration configuration, string folder)
    {
        var options = new MusicDashboardOptions();
        configuration.GetSection(MusicDashboardOptions.Section).Bind(options);
        return new AppPaths(options, folder);
    }
}
