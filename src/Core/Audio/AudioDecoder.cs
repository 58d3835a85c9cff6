namespace MusicDashboard.Core.Audio;

/// <summary>
/// Turns one file into mono samples at <paramref name="sampleRate"/>: from <paramref name="bytes"/> when the caller has
/// already read them (to hash them for the feature cache), else from <paramref name="path"/>. <see cref="AudioLoader.Read"/>
/// is the one the product uses; a pass takes another to count or fake its decodes.
/// </summary>
public delegate AudioBuffer AudioDecoder(string path, byte[]? bytes, int sampleRate);
