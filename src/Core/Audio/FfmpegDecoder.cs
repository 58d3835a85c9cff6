using System.ComponentModel;
using System.Diagnostics;

namespace MusicDashboard.Core.Audio;

/// <summary>
/// Everything that is not WAV or AU (MP3, FLAC, OGG, M4A, ...) goes through the <c>ffmpeg</c> program: it converts the file
/// to a temporary 32-bit float WAV at the file's own rate and channel count, which <see cref="WavReader"/> then reads
/// (mixing down and resampling stay ours, so every format gets the same mono mix and the same resampler).
/// </summary>
public static class FfmpegDecoder
{
    public const string DefaultTool = "ffmpeg";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static AudioBuffer Decode(string path, string tool = DefaultTool)
    {
        if (!File.Exists(path)) throw new AudioDecodeException(path, "cannot read the file (it does not exist)");
        var temp = Path.Combine(Path.GetTempPath(), $"musicdash-ffmpeg-{Guid.NewGuid():N}.wav");
        try
        {
            var start = new ProcessStartInfo(tool)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                ArgumentList = { "-nostdin", "-hide_banner", "-v", "error", "-y", "-i", path, "-vn", "-c:a", "pcm_f32le", "-f", "wav", temp },
            };
            Process? process;
            try { process = Process.Start(start); }
            catch (Win32Exception)
            {
                throw new AudioDecodeException(path,
                    $"decoding '{Path.GetExtension(path)}' files needs ffmpeg, and '{tool}' was not found (install it, e.g. apt-get install ffmpeg; WAV and AU need nothing)");
            }
            if (process is null) throw new AudioDecodeException(path, $"could not start '{tool}'");
            using (process)
            {
                process.StandardInput.Close();
                var stderr = process.StandardError.ReadToEndAsync();
                _ = process.StandardOutput.ReadToEndAsync();
                if (!process.WaitForExit(Timeout))
                {
                    try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                    throw new AudioDecodeException(path, $"ffmpeg did not finish within {Timeout.TotalSeconds:0} s");
                }
                if (process.ExitCode != 0 || !File.Exists(temp))
                {
                    var lines = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var why = lines.Length == 0 ? $"exit code {process.ExitCode}" : lines[^1];
                    throw new AudioDecodeException(path, $"ffmpeg could not decode it ({why})");
                }
            }
            return WavReader.Decode(File.ReadAllBytes(temp), path);
        }
        finally
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
