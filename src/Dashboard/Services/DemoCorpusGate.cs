using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Services;

/// <summary>A run on the demo corpus needs the corpus on disk. It may still be generating when the first run is queued
/// (first start): wait for it; or make it when the dashboard shows another collection. A worker (scale-out: no collection
/// job of its own, <paramref name="collection"/> null) makes it under a lock file in the shared data folder, so two
/// workers never write it at once.</summary>
public sealed class DemoCorpusGate(AppPaths paths, CollectionService? collection = null)
{
    public void WaitFor(RunEntity run, MusicDashboard.Training.Pipeline.IRunObserver observer, CancellationToken ct)
    {
        if (run.DatasetRoot != paths.DemoCorpusFolder) return;
        if (paths.UsesDemoCorpus && collection is not null)
        {
            var said = false;
            while (collection.Status.Phase is not (CollectionPhase.Ready or CollectionPhase.Failed))
            {
                if (!said) observer.Log("queue", "waiting for the demo corpus to be generated");
                said = true;
                ct.WaitHandle.WaitOne(250);
                ct.ThrowIfCancellationRequested();
            }
        }
        var options = CollectionService.DemoOptions(paths);
        if (DemoCorpus.IsComplete(paths.DemoCorpusFolder, options)) return;
        using var exclusive = collection is null ? LockShared(observer, ct) : null;
        if (!DemoCorpus.IsComplete(paths.DemoCorpusFolder, options))
        {
            observer.Log("demo", $"generating the synthetic demo corpus into {paths.DemoCorpusFolder}");
            DemoCorpus.Generate(paths.DemoCorpusFolder, options, null, ct);
        }
    }

    /// <summary>The data folder's demo-corpus lock, waited for while another process holds it.</summary>
    private FileStream LockShared(MusicDashboard.Training.Pipeline.IRunObserver observer, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.DataFolder);
        var path = Path.Combine(paths.DataFolder, "demo-corpus.lock");
        var said = false;
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException)
            {
                if (!said) observer.Log("queue", "waiting for another process to finish generating the demo corpus");
                said = true;
                ct.WaitHandle.WaitOne(250);
                ct.ThrowIfCancellationRequested();
            }
        }
    }
}
