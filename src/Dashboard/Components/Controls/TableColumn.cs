namespace MusicDashboard.Dashboard.Components.Controls;

/// <summary>A column a user may show or hide: its key (stored and used in tests) and its header.</summary>
public sealed record TableColumn(string Key, string Label);
