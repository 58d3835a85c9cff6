namespace MusicDashboard.Dashboard.Tests.Security;

/// <summary>What no error body may contain: a .NET type or namespace name.</summary>
internal static class JsonProblemText
{
    public static bool NamesAType(string text) =>
        text.Contains("System.", StringComparison.Ordinal) || text.Contains("MusicDashboard.", StringComparison.Ordinal) ||
        text.Contains("Microsoft.", StringComparison.Ordinal) || text.Contains(".NET", StringComparison.Ordinal) || text.Contains("   at ", StringComparison.Ordinal);
}
