namespace MusicDashboard.Training.Whisper;

/// <summary>ggml tensor element types found in whisper.cpp model files (ggml.h numbering).</summary>
public enum GgmlType
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
}
