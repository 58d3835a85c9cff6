using System.Reflection;

namespace MusicDashboard.Tests;

/// <summary>Locates the repository's committed test fixtures, whatever folder the test build went to.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Fixture(string relative)
    {
        var path = Path.Combine(RepoRoot, "tests", "fixtures", relative);
        return File.Exists(path) || Directory.Exists(path) ? path : throw new FileNotFoundException($"fixture tests/fixtures/{relative} not found under {RepoRoot}");
    }

    private static string FindRepoRoot()
    {
        // Baked in by Directory.Build.props; walking up from the output covers a build made elsewhere and copied.
        var baked = Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (baked is not null && Directory.Exists(Path.Combine(baked, "tests", "fixtures"))) return Path.GetFullPath(baked);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "tests", "fixtures"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no tests/fixtures above {AppContext.BaseDirectory} and no RepoRoot metadata");
    }
}
