namespace MusicDashboard.Core.Datasets;

public sealed class DatasetException(string message) : Exception(message);
