namespace MusicDashboard.Core.Datasets;

/// <summary>
/// Finds the audio files of a collection. GTZAN layout (<c>genres/&lt;genre&gt;/&lt;genre&gt;.000NN.au|wav</c>, or the genre
/// folders directly under the root): the genre comes from the folder. Any other folder of audio: files are found
/// recursively and have no genre (the extrinsic metrics are then not computed).
/// </summary>
public static class DatasetScanner
{
    public static readonly IReadOnlySet<string> AudioExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".wav", ".au", ".snd", ".mp3", ".flac", ".ogg", ".m4a" };

    public static DatasetScan Scan(string root, string? name = null)
    {
        if (string.IsNullOrWhiteSpace(root))
            throw new DatasetException("no dataset path given");
        var full = Path.GetFullPath(root);
        if (File.Exists(full))
            throw new DatasetException($"dataset path '{full}' is a file; give the folder that holds the collection");
        if (!Directory.Exists(full))
            throw new DatasetException($"dataset folder '{full}' does not exist");

        // GTZAN ships as genres/<genre>/...; people also point at the genres folder itself.
        var genresDir = Directory.Exists(Path.Combine(full, "genres")) ? Path.Combine(full, "genres") : full;
        var genreFolders = Directory.GetDirectories(genresDir).OrderBy(d => d, StringComparer.Ordinal).ToList();
        var layoutIsGenreFolders = genreFolders.Count > 0 && genreFolders.All(d =>
            Directory.EnumerateFiles(d).Any(f => AudioExtensions.Contains(Path.GetExtension(f))) &&
            Directory.GetDirectories(d).Length == 0);

        var files = new List<TrackFile>();
        if (layoutIsGenreFolders)
        {
            foreach (var dir in genreFolders)
            {
                var genre = Path.GetFileName(dir);
                files.AddRange(AudioFilesIn(dir, SearchOption.TopDirectoryOnly).Select(f => Describe(full, f, genre)));
            }
        }
        else
        {
            files.AddRange(AudioFilesIn(full, SearchOption.AllDirectories).Select(f => Describe(full, f, null)));
        }

        if (files.Count == 0)
            throw new DatasetException($"no audio files ({string.Join(", ", AudioExtensions.Order())}) under '{full}'");

        var genres = files.Where(f => f.Genre is not null).Select(f => f.Genre!).Distinct().Order(StringComparer.Ordinal).ToList();
        return new DatasetScan(name ?? Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)), full, files, genres);
    }

    private static IEnumerable<string> AudioFilesIn(string dir, SearchOption option) =>
        Directory.EnumerateFiles(dir, "*", option)
            .Where(f => AudioExtensions.Contains(Path.GetExtension(f)))
            .Order(StringComparer.Ordinal);

    private static TrackFile Describe(string root, string path, string? genre)
    {
        var sidecar = Path.ChangeExtension(path, ".txt");
        return new TrackFile(path, Path.GetRelativePath(root, path).Replace('\\', '/'), genre,
            File.Exists(sidecar) ? sidecar : null, new FileInfo(path).Length);
    }
}
