namespace MusicDashboard.Training.Whisper;

/// <summary>The eleven hyper-parameters of a whisper.cpp model file, in file order.</summary>
public sealed record WhisperHParams(int NVocab, int NAudioCtx, int NAudioState, int NAudioHead, int NAudioLayer,
    int NTextCtx, int NTextState, int NTextHead, int NTextLayer, int NMels, int FType)
{
    public bool Multilingual => NVocab >= 51865;

    /// <summary>whisper.cpp's size class guess from the encoder depth (tiny 4, base 6, small 12, medium 24, large 32).</summary>
    public string SizeName => NAudioLayer switch { 4 => "tiny", 6 => "base", 12 => "small", 24 => "medium", 32 => "large", _ => "custom" };
}
