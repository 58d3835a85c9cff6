using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Dashboard.Services;

/// <summary>Reports progress on the reporting thread. <see cref="Progress{T}"/> posts each report to the thread pool, so
/// a late "scanning" report could land after "ready" and put the collection back to scanning for good (the banner stayed
/// and queued runs waited forever on a loaded machine).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
