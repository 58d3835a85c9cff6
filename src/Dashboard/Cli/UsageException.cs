namespace MusicDashboard.Dashboard.Cli;

/// <summary>Wrong command-line input: the message says what is wrong; the verb's help follows it.</summary>
public sealed class UsageException(string message) : Exception(message);
