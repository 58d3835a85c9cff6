using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Training.Whisper;

public sealed record TranscriptionProgress(int Done, int Total, int Transcribed, int Cached, int Failed, string? Current);
