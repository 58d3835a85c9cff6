using System.Text;
using TorchSharp;

namespace MusicDashboard.Core.Runtime;

/// <summary>
/// The one place that prepares TorchSharp's native library, decides the device (CUDA when available, else CPU) and sets
/// the CPU thread count. Everything that creates tensors takes <see cref="Device"/> from here.
/// </summary>
public static class TorchRuntime
{
    /// <summary>The only version whose absence is known to be harmless: see <see cref="ElfVersionNeedPatcher"/>.</summary>
    public const string HarmlessMissingVersion = "GLIBCXX_3.4.32";

    private static readonly object Gate = new();
    private static torch.Device? _device;
    private static int _threads;

    /// <summary>What <see cref="PrepareNativeLibrary"/> did, for the start-up log.</summary>
    public static string NativeFixReport { get; private set; } = "not run";

    /// <summary>Configures the thread count before first use (0 = all cores). Later calls change it.</summary>
    public static void Configure(int threads)
    {
        lock (Gate)
        {
            _threads = threads > 0 ? threads : Environment.ProcessorCount;
            if (_device is not null) torch.set_num_threads(_threads);
        }
    }

    public static int Threads { get { _ = Device; return _threads; } }

    public static torch.Device Device
    {
        get
        {
            lock (Gate)
            {
                if (_device is not null) return _device;
                PrepareNativeLibrary();
                try
                {
                    _device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;
                }
                catch (TypeInitializationException e)
                {
                    throw new InvalidOperationException(
                        $"TorchSharp's native library could not be loaded ({NativeFixReport}): {Innermost(e).Message}", e);
                }
                if (_threads <= 0) _threads = Environment.ProcessorCount;
                torch.set_num_threads(_threads);
                return _device;
            }
        }
    }

    /// <summary>
    /// Makes <c>libLibTorchSharp.so</c> loadable on a system whose libstdc++ lacks <see cref="HarmlessMissingVersion"/>
    /// (Debian 12): marks that version requirement weak in the copy the process will load. Idempotent and a no-op where
    /// the system library has the version or the file does not require it. Must run before TorchSharp is first touched.
    /// </summary>
    public static void PrepareNativeLibrary()
    {
        lock (Gate)
        {
            if (NativeFixReport != "not run") return;
            OneDnnIsaCap.Apply();
            PrepareNativeLibraryCore();
        }
    }

    private static void PrepareNativeLibraryCore()
    {
        if (!OperatingSystem.IsLinux()) { NativeFixReport = "not Linux: nothing to do"; return; }
        if (SystemLibStdCxxHas(HarmlessMissingVersion)) { NativeFixReport = $"system libstdc++ has {HarmlessMissingVersion}: nothing to do"; return; }

        var reports = new List<string>();
        foreach (var path in CandidateLibraries())
        {
            try
            {
                var outcome = ElfVersionNeedPatcher.MarkWeakInFile(path, HarmlessMissingVersion);
                reports.Add($"{path}: {outcome}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                reports.Add($"{path}: cannot patch ({e.Message}); make the file writable or run a build as its owner");
            }
        }
        NativeFixReport = reports.Count == 0 ? "libLibTorchSharp.so not found beside the application" : string.Join("; ", reports);
    }

    private static IEnumerable<string> CandidateLibraries()
    {
        var dirs = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "" }
            .Where(d => d.Length > 0).Distinct();
        return dirs
            .SelectMany(dir => new[] { "runtimes/linux-x64/native/libLibTorchSharp.so", "libLibTorchSharp.so" }
                .Select(rel => Path.GetFullPath(Path.Combine(dir, rel))))
            .Where(File.Exists)
            .Distinct();
    }

    public static bool SystemLibStdCxxHas(string version)
    {
        var dirs = new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
            "/usr/lib/aarch64-linux-gnu" };
        var lib = dirs.Select(d => Path.Combine(d, "libstdc++.so.6")).FirstOrDefault(File.Exists);
        if (lib is null) return false;
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return File.ReadAllBytes(lib).AsSpan().IndexOf(needle) >= 0;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
