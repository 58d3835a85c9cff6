using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace MusicDashboard.Core.Audio;

/// <summary>
/// Everything that is not WAV or AU (MP3, FLAC, OGG, M4A, ...) goes through the <c>ffmpeg</c> program: it converts the file
/// to a temporary 32-bit float WAV at the file's own rate and channel count, which <see cref="WavReader"/> then reads
/// (mixing down and resampling stay ours, so every format gets the same mono mix and the same resampler).
/// <para>A hostile file cannot take more than its share: ffmpeg may only open the file itself (<c>-protocol_whitelist
/// file</c>) and only with an audio demuxer (<see cref="AllowedFormats"/>: no playlist, concat or HLS file that would make
/// it read other files or fetch URLs); it is killed after <see cref="DefaultTimeout"/>; its output is capped at
/// <see cref="DefaultMaxOutputBytes"/> (<c>-fs</c>, and checked before reading), so a small file that decodes to hours of
/// audio is refused instead of filling the disk and the memory; and only the last lines of its error output are kept.</para>
/// </summary>
public static class FfmpegDecoder
{
    public const string DefaultTool = "ffmpeg";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>1 GiB of 32-bit float output: 50 minutes of 44.1 kHz stereo, 100 of mono.</summary>
    public const long DefaultMaxOutputBytes = 1L << 30;

    /// <summary>The demuxers ffmpeg may use: audio containers only.</summary>
    public const string AllowedFormats =
        "mp3,flac,ogg,mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,aac,adts,loas,latm,wav,w64,aiff,caf,ape,wv,asf,amr,ac3,eac3,dts," +
        "mpc,mpc8,tta,tak,au,voc,dsf,mpeg,avi,flv,shorten,truehd,mlp,ircam,nistsphere,sox,rso,xa,wsaud,spdif";

    private const int KeptErrorLines = 20;

    public static AudioBuffer Decode(string path, string tool = DefaultTool) => Decode(path, tool, DefaultTimeout, DefaultMaxOutputBytes);

    public static AudioBuffer Decode(string path, string tool, TimeSpan timeout, long maxOutputBytes)
    {
        if (!File.Exists(path)) throw new AudioDecodeException(path, "cannot read the file (it does not exist)");
        var temp = Path.Combine(Path.GetTempPath(), $"musicdash-ffmpeg-{Guid.NewGuid():N}.wav");
        // "file:" in front: a name such as "concat:a|b" or "http:..." is a file, never a protocol.
        var input = "file:" + Path.GetFullPath(path);
        try
        {
            var start = new ProcessStartInfo(tool)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                ArgumentList =
                {
                    "-nostdin", "-hide_banner", "-v", "error", "-y", "-protocol_whitelist", "file", "-format_whitelist", AllowedFormats,
                    "-i", input,
                    "-vn", "-c:a", "pcm_f32le", "-f", "wav", "-fs", maxOutputBytes.ToString(CultureInfo.InvariantCulture), temp,
                },
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
                var stderr = TailAsync(process.StandardError);
                _ = TailAsync(process.StandardOutput);
                if (!process.WaitForExit(timeout))
                {
                    try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                    throw new AudioDecodeException(path, $"ffmpeg did not finish within {timeout.TotalSeconds:0.#} s and was stopped");
                }
                process.WaitForExit(); // the output readers reach the end
                if (process.ExitCode != 0 || !File.Exists(temp))
                {
                    var lines = stderr.Result;
                    // ffmpeg names the input as it was given; the message names the file already.
                    var why = lines.Count == 0 ? $"exit code {process.ExitCode}" : lines[^1].Replace(input + ": ", "", StringComparison.Ordinal);
                    throw new AudioDecodeException(path, $"ffmpeg could not decode it ({why})");
                }
            }
            var length = new FileInfo(temp).Length;
            if (length >= maxOutputBytes)
                throw new AudioDecodeException(path,
                    $"it decodes to more than {maxOutputBytes / (1024.0 * 1024):0.#} MB of audio, the most ffmpeg may write for one file (about {maxOutputBytes / (4.0 * 2 * 44100 * 60):0} minutes of 44.1 kHz stereo)");
            return AudioFile.WithContents(temp, (bytes, n) => WavReader.Decode(bytes.AsSpan(0, n), path));
        }
        catch (IOException e)
        {
            throw new AudioDecodeException(path, $"ffmpeg's output could not be read ({e.Message})", e);
        }
        finally
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Reads a stream to its end keeping only its last lines, each cut at 500 characters: a file that makes
    /// ffmpeg complain about every frame, or print one endless line, costs no memory.</summary>
    private static async Task<List<string>> TailAsync(StreamReader reader)
    {
        const int maxLine = 500;
        var tail = new Queue<string>();
        var line = new System.Text.StringBuilder();
        var buffer = new char[4096];
        void EndLine()
        {
            var text = line.ToString().Trim();
            line.Clear();
            if (text.Length == 0) return;
            tail.Enqueue(text);
            if (tail.Count > KeptErrorLines) tail.Dequeue();
        }
        int n;
        while ((n = await reader.ReadAsync(buffer)) > 0)
            for (var i = 0; i < n; i++)
            {
                if (buffer[i] == '\n') EndLine();
                else if (line.Length < maxLine) line.Append(buffer[i]);
            }
        EndLine();
        return tail.ToList();
    }
}
