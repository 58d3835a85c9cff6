using Microsoft.EntityFrameworkCore;

namespace MusicDashboard.Training.Whisper;

public sealed record TranscriptionSummary(string Source, int Total, int Transcribed, int Cached, int NoVocals, int SidecarsImported,
    IReadOnlyList<(string Path, string Reason)> Failures, double Seconds, string? Message);
