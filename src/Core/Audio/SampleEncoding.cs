namespace MusicDashboard.Core.Audio;

/// <summary>How one sample is stored in a WAV or AU data chunk: what <see cref="SampleMixer"/> converts from.</summary>
public enum SampleEncoding
{
    UInt8,
    Int8,
    Int16LittleEndian,
    Int16BigEndian,
    Int24LittleEndian,
    Int24BigEndian,
    Int32LittleEndian,
    Int32BigEndian,
    Float32LittleEndian,
    Float32BigEndian,
    Float64LittleEndian,
    Float64BigEndian,
    MuLaw,
    ALaw,
}
