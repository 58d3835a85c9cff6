using MusicDashboard.Core.Reports;

namespace MusicDashboard.Dashboard.Model;

/// <summary>One study in full: its facts, its runs in order and, once they have all ended, its Table 2.</summary>
public sealed record StudyDetail(StudySummary Study, string DatasetRoot, string? Error, bool Quick, int? Epochs, string? OutFolder,
    IReadOnlyList<StudyRunRow> Runs, Table2? Table);
