namespace MusicDashboard.Core.Storage;

/// <summary>The data folder or the database cannot be written (read-only, full, not a folder): the message says which
/// and what to do, in words, for the person starting the program.</summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);
