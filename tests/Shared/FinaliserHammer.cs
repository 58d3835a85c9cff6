namespace MusicDashboard.Tests.Shared;

/// <summary>
/// Runs a TorchSharp operation many times on several threads while another thread forces garbage collections and
/// finalisers without pause. TorchSharp passes a Scalar's native handle to libtorch without keeping the Scalar alive, so
/// an implicit number -> Scalar temporary can be finalised (freed) while libtorch still reads it: libtorch then fails
/// with "Expected false to be true ... toDouble" or computes with garbage. Rare in normal runs (it took hours of feature
/// extraction), frequent under this hammer: before the fix, 3 threads x 40 000 calls of Spectrogram.PowerToDb failed
/// three times in five seconds.
/// </summary>
public static class FinaliserHammer
{
    /// <summary>Calls <paramref name="operation"/> <paramref name="calls"/> times on each of <paramref name="threads"/>
    /// threads; returns the failures (exception messages, or "wrong result" when <paramref name="operation"/> returns
    /// false). Operations whose floating-point result depends on how many intra-op threads libtorch gets (training) must
    /// use one thread to be compared bit for bit.</summary>
    public static IReadOnlyList<string> Run(Func<bool> operation, int calls = 20_000, int threads = 3)
    {
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true };
        collector.Start();
        var failures = new List<string>();
        try
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                for (var i = 0; i < calls; i++)
                {
                    string? failure;
                    try { failure = operation() ? null : "wrong result"; }
                    catch (Exception e) { failure = e.Message.Split('\n')[0] + " at " + string.Join(" <- ", (e.StackTrace ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at ")).Take(4)); }
                    if (failure is not null) lock (failures) failures.Add(failure);
                }
            });
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        return failures;
    }
}
