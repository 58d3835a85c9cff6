namespace MusicDashboard.Dashboard.Cli;

/// <summary>One <c>--name value</c> option (or <c>--flag</c> when <paramref name="Value"/> is null) of a verb.</summary>
public sealed record VerbOption(string Name, string? Value, string Help, bool Required = false);
