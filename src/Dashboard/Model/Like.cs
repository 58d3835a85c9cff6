namespace MusicDashboard.Dashboard.Model;

/// <summary>SQLite LIKE patterns with the user's % and _ taken literally.</summary>
public static class Like
{
    public const string Escape = "\\";

    public static string Contains(string text) =>
        "%" + text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
