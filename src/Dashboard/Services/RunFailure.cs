using MusicDashboard.Core.Configuration;
using MusicDashboard.Core.Datasets;
using MusicDashboard.Core.Storage;
using MusicDashboard.Training.Models;

namespace MusicDashboard.Dashboard.Services;

/// <summary>Triage of what ended a run with an exception: whatever the pipeline refuses (a model this build cannot train,
/// a dataset with too few clips, divergence) is a failed run with its reason, never a crashed server.</summary>
public static class RunFailure
{
    /// <summary>The message the run is marked failed with: a full disk or a read-only data folder in words (what could not
    /// be written: the checkpoint, the database), the exception's own for the kinds the pipeline raises on purpose, else
    /// prefixed with the exception's type.</summary>
    public static string Message(Exception e, AppPaths? paths = null) =>
        paths is not null && StorageFault.Describe(e, paths.DataFolder, paths.DatabasePath) is { } storage ? storage
        : e is TrainingDivergedException or DatasetException or NotSupportedException or ArgumentException or InvalidOperationException
            ? e.Message : $"{e.GetType().Name}: {e.Message}";

    /// <summary>Whether it is a refusal the user can act on (logged as a warning) rather than a fault (logged with its stack).</summary>
    public static bool IsExpected(Exception e, AppPaths? paths = null) => e is TrainingDivergedException or DatasetException or NotSupportedException or ArgumentException
        || (paths is not null && StorageFault.Describe(e, paths.DataFolder, paths.DatabasePath) is not null);
}
