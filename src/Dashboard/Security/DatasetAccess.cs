using MusicDashboard.Core.Configuration;

namespace MusicDashboard.Dashboard.Security;

/// <summary>
/// Where the dashboard's users may point a run: inside the configured dataset, the demo corpus, or a folder listed in
/// <c>MusicDashboard:DatasetRoots</c> (feature tables under them included). The check is on real paths: every symbolic
/// link on the way is followed, so a link inside a root that leads elsewhere is outside, and so is a path that "..", once
/// normalised, takes out. The form, the API and the hub all reach it through <c>RunQueue.ResolveDataset</c>; the
/// command line (the user's own verbs) is not restricted.
/// </summary>
public static class DatasetAccess
{
    public const string RootsKey = "MusicDashboard:DatasetRoots";

    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The allowed roots, as configured (resolved against the configuration folder): the configured dataset
    /// (when one is), the demo corpus, then DatasetRoots.</summary>
    public static IReadOnlyList<string> Roots(AppPaths paths)
    {
        var roots = new List<string>();
        if (!paths.UsesDemoCorpus) roots.Add(paths.Resolve(paths.Options.DatasetPath.Trim()));
        roots.Add(paths.DemoCorpusFolder);
        roots.AddRange(paths.Options.DatasetRoots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => paths.Resolve(r.Trim())));
        return roots.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Null when <paramref name="fullPath"/> (already resolved) lies in an allowed root; else the refusal, in
    /// words: which roots are allowed and how to add one.</summary>
    public static string? Refusal(AppPaths paths, string fullPath)
    {
        var roots = Roots(paths);
        try
        {
            var real = RealPath(fullPath);
            if (roots.Any(root => Inside(real, RealPath(root)))) return null;
        }
        catch (IOException)
        {
            return $"'{fullPath}' cannot be used: its symbolic links go round in a loop";
        }
        return $"'{fullPath}' is outside the folders datasets may come from ({string.Join(", ", roots.Select(r => $"'{r}'"))}); " +
               $"to allow another folder, add it to {RootsKey} in appsettings.json " +
               $"(or set {RootsKey.Replace(":", "__")}__0=<folder> in the server's environment) and restart the dashboard";
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or lies under it (both real, full paths).</summary>
    public static bool Inside(string path, string root)
    {
        root = Path.TrimEndingDirectorySeparator(root);
        path = Path.TrimEndingDirectorySeparator(path);
        if (string.Equals(path, root, PathComparison)) return true;
        // The root of the file system ("/") ends in its separator even when trimmed.
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    /// <summary>Like realpath(3): resolves every symbolic link along the path, component by component. Components
    /// that do not exist are kept as they are (the caller then finds no file). A loop of links is an IOException.</summary>
    public static string RealPath(string path, int depth = 0)
    {
        if (depth > 40) throw new IOException($"too many levels of symbolic links at {path}");
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full) ?? "/";
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                var resolved = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                next = RealPath(resolved, depth + 1);
            }
            current = next;
        }
        return Path.GetFullPath(current).TrimEnd(Path.DirectorySeparatorChar) is { Length: > 0 } r ? r : "/";
    }
}
