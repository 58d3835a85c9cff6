namespace MusicDashboard.Training.Inputs;

/// <summary>One raw-feature row to cluster and score: its name (the pipeline adds the views and the clustering suffix), what
/// it reads, its rows per clip, and a note for the table.</summary>
public sealed record BaselineRow(string Features, string Input, double[][] Rows, string? Note = null);
