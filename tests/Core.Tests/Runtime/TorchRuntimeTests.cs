using MusicDashboard.Core.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MusicDashboard.Core.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void TensorOperationAndBackwardPassRun()
    {
        var device = TorchRuntime.Device;
        using var scope = NewDisposeScope();
        var w = tensor(new float[] { 1f, -2f, 3f }, device: device).requires_grad_(true);
        var x = tensor(new float[,] { { 1f, 2f, 3f }, { 4f, 5f, 6f } }, device: device);
        var loss = matmul(x, w).pow(2).sum();   // (1-4+9)^2 + (4-10+18)^2 = 36 + 144
        loss.backward();
        Assert.Equal(180f, loss.item<float>(), 4);
        // d/dw sum((xw)^2) = 2 * x^T (xw) = 2 * [1*6+4*12, 2*6+5*12, 3*6+6*12]
        Assert.Equal(new[] { 108f, 144f, 180f }, w.grad!.data<float>().ToArray());
        Assert.True(TorchRuntime.Threads >= 1);
    }

    [Theory]
    [InlineData(2, 1, false, 2)] // a verb alone: every core
    [InlineData(2, 1, true, 1)]  // the dashboard on 2 cores: one core left to the web server
    [InlineData(4, 1, true, 3)]
    [InlineData(4, 2, true, 1)]  // two runs at once share the 3 cores left, one thread each
    [InlineData(8, 3, true, 2)]
    [InlineData(1, 1, true, 1)]  // never fewer than one
    [InlineData(2, 4, true, 1)]
    public void DefaultThreadsLeaveTheWebServerACoreAndShareTheRestBetweenRuns(int cores, int runs, bool web, int expected) =>
        Assert.Equal(expected, TorchRuntime.DefaultThreads(cores, runs, web));

    [Fact]
    public void ThreadsApplyOnThreadsStartedLaterAndOpenMpWaitsPassively()
    {
        var configured = TorchRuntime.Threads;
        // A run executes on a thread of its own: it must get the configured count, not libgomp's all-cores default.
        var seen = 0;
        var thread = new Thread(() => seen = torch.get_num_threads());
        thread.Start();
        thread.Join();
        Assert.Equal(configured, seen);
        Assert.Equal(1, torch.get_num_interop_threads());
        var policy = NativeEnvironment.Get(TorchRuntime.WaitPolicyVariable);
        Assert.False(string.IsNullOrEmpty(policy));
        Assert.Contains(TorchRuntime.WaitPolicyVariable, TorchRuntime.ThreadSummary);
    }

    [Fact]
    public void PatcherFlipsOneByteOfTheShippedLibraryAndIsIdempotent()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var shippedPath = Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(shippedPath), $"the restored TorchSharp package should hold {shippedPath}");
        var shipped = File.ReadAllBytes(shippedPath);
        Assert.Equal(0, ElfVersionNeedPatcher.ReadFlags(shipped, TorchRuntime.HarmlessMissingVersion)!.Value & 2);

        var copy = (byte[])shipped.Clone();
        Assert.Equal(ElfVersionNeedPatcher.Outcome.Patched, ElfVersionNeedPatcher.MarkWeak(copy, TorchRuntime.HarmlessMissingVersion));
        Assert.Equal(1, copy.Zip(shipped).Count(p => p.First != p.Second));
        Assert.Equal(2, ElfVersionNeedPatcher.ReadFlags(copy, TorchRuntime.HarmlessMissingVersion)!.Value & 2);

        var once = (byte[])copy.Clone();
        Assert.Equal(ElfVersionNeedPatcher.Outcome.AlreadyWeak, ElfVersionNeedPatcher.MarkWeak(copy, TorchRuntime.HarmlessMissingVersion));
        Assert.Equal(once, copy);

        // The copy the tests load is prepared the same way (or the system library needs no fix at all).
        _ = TorchRuntime.Device;
        var loaded = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "runtimes/linux-x64/native/libLibTorchSharp.so"));
        if (!TorchRuntime.SystemLibStdCxxHas(TorchRuntime.HarmlessMissingVersion))
            Assert.Equal(copy, loaded);

        Assert.Equal(ElfVersionNeedPatcher.Outcome.NotRequired, ElfVersionNeedPatcher.MarkWeak(copy, "GLIBCXX_9.9.99"));
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.MarkWeak(new byte[100], "x"));
    }
}
