using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace MusicDashboard.Core.Runtime;

/// <summary>
/// The one place that prepares TorchSharp's native library, decides the device (CUDA when available, else CPU) and sets
/// the CPU threads. Everything that creates tensors takes <see cref="Device"/> from here.
/// <para>Threads (docs/performance.md has the figures they were chosen from): libgomp's threads wait passively
/// (<c>OMP_WAIT_POLICY=PASSIVE</c> unless the user set it): with the default spinning, two torch threads on a 2-core
/// machine that something else also used made an MLP-VAE epoch 19x slower and a CVAE epoch 130x slower than one thread,
/// while passive waiting kept them at the one-thread figure. Intra-op threads default to <see cref="DefaultThreads"/>;
/// one inter-op thread (nothing here forks torch work).</para>
/// </summary>
public static class TorchRuntime
{
    /// <summary>The only version whose absence is known to be harmless: see <see cref="ElfVersionNeedPatcher"/>.</summary>
    public const string HarmlessMissingVersion = "GLIBCXX_3.4.32";

    /// <summary>libgomp's wait policy, read once when libtorch loads.</summary>
    public const string WaitPolicyVariable = "OMP_WAIT_POLICY";

    private static readonly object Gate = new();
    private static torch.Device? _device;
    private static int _threads;
    private static string _rule = "all cores";

    /// <summary>What <see cref="PrepareNativeLibrary"/> did, for the start-up log.</summary>
    public static string NativeFixReport { get; private set; } = "not run";

    /// <summary>The OpenMP wait policy in force (what <see cref="PrepareNativeLibrary"/> set or found).</summary>
    public static string WaitPolicyReport { get; private set; } = "not run";

    /// <summary>
    /// Intra-op threads when the configuration says 0: all cores for a process that trains alone (the verbs); for the
    /// dashboard one core is left to the web server, the hub and the pages, and what remains is split between the runs
    /// that may execute at once, at least one thread each (so 1 on a 2-core machine).
    /// </summary>
    public static int DefaultThreads(int cores, int concurrentRuns, bool servesWeb)
    {
        var usable = servesWeb && cores > 1 ? cores - 1 : cores;
        return Math.Max(1, usable / Math.Max(1, concurrentRuns));
    }

    /// <summary>Configures the intra-op thread count (0 = <see cref="DefaultThreads"/>). Takes effect at once; threads
    /// that start torch work later inherit it.</summary>
    public static void Configure(int threads, int concurrentRuns = 1, bool servesWeb = false)
    {
        lock (Gate)
        {
            var cores = Environment.ProcessorCount;
            _threads = threads > 0 ? threads : DefaultThreads(cores, concurrentRuns, servesWeb);
            _rule = threads > 0 ? "configured"
                : servesWeb ? $"default: ({cores} cores - 1 for the web server) / {Math.Max(1, concurrentRuns)} concurrent run(s)"
                : $"default: all {cores} cores";
            if (_device is not null) torch.set_num_threads(_threads);
        }
    }

    public static int Threads { get { _ = Device; return _threads; } }

    /// <summary>One line for headers and logs: intra-op threads and why, inter-op threads, the OpenMP wait policy.</summary>
    public static string ThreadSummary
    {
        get
        {
            _ = Device;
            return $"{_threads} intra-op thread(s) ({_rule}), {torch.get_num_interop_threads()} inter-op, {WaitPolicyReport}";
        }
    }

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
                if (_threads <= 0) _threads = DefaultThreads(Environment.ProcessorCount, 1, servesWeb: false);
                torch.set_num_threads(_threads);
                // Only possible before any inter-op work has started; a later attempt (another host in the process set
                // it first) keeps what is there.
                try { if (torch.get_num_interop_threads() != 1) torch.set_num_interop_threads(1); }
                catch (ExternalException) { }
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
            WaitPolicyReport = NativeEnvironment.SetUnlessChosen(WaitPolicyVariable, "PASSIVE");
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
