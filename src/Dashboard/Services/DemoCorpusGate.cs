using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Demo;
using MusicDashboard.Core.Storage;

namespace MusicDashboard.Dashboard.Services;

/// <summary>A run on the demo corpus needs the corpus on disk. It may still be generating when the first run is queued
/// (first start): wait for it; or make it when the dashboard shows another collection.</summary>
public sealed class DemoCorpusGate(AppPaths paths, CollectionService collection)
{
    public void WaitFor(RunEntity run, MusicDashboard.Training.Pipeline.IRunObserver observer, CancellationToken ct)
    {
        if (run.DatasetRoot != paths.DemoCorpusFolder) return;
        if (paths.UsesDemoCorpus)
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
        if (!DemoCorpus.IsComplete(paths.DemoCorpusFolder, options))
        {
            observer.Log("demo", $"generating the synthetic demo corpus into {paths.DemoCorpusFolder}");
            DemoCorpus.Generate(paths.DemoCorpusFolder, options, null, ct);
        }
    }
}
