namespace MusicDashboard.Training.Whisper;

/// <summary>One tensor of the file, dequantised to float32, with its PyTorch shape (the file's extents reversed).</summary>
public sealed record GgmlTensor(string Name, GgmlType StoredType, long[] Shape, float[] Data);
