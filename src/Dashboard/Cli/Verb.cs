using System.CommandLine;

namespace MusicDashboard.Dashboard.Cli;

/// <summary>
/// A verb of the musicdash executable: its options and what it does. The option list is data, so a verb may compute it
/// (e.g. from a registry of clustering methods); <see cref="VerbCommand.Build"/> turns it into a System.CommandLine
/// <see cref="Command"/>, and <see cref="BuildCommand"/> lets a verb build its own instead.
/// </summary>
public sealed record Verb(string Name, string Summary, IReadOnlyList<VerbOption> Options, Func<ParsedArgs, CancellationToken, Task<int>> Run)
{
    /// <summary>Leading words before the options (e.g. "bench cluster"), with the values each may take.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<string> Values)> Positionals { get; init; } = [];

    /// <summary>Builds this verb's command; the default maps <see cref="Options"/> and <see cref="Positionals"/> one to one.</summary>
    public Func<Verb, VerbCommand> BuildCommand { get; init; } = VerbCommand.Build;
}
