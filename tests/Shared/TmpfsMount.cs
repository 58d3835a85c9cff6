using System.Diagnostics;

namespace MusicDashboard.Tests;

/// <summary>
/// A small tmpfs mounted on a folder for the storage fault tests: a full disk (a size of a few kilobytes) or a read-only
/// file system (remounted read-only), the real errors the kernel gives, which permission bits cannot give a root process.
/// Needs the right to mount (root in this project's containers); <see cref="TryMount"/> says why not otherwise.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    public string Folder { get; }

    private TmpfsMount(string folder) => Folder = folder;

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (mount's syntax: "64k", "2m") on the folder, created if missing;
    /// read-only when asked. Null and the reason when this machine does not let the tests mount.</summary>
    public static TmpfsMount? TryMount(string folder, string size, bool readOnly, out string? whyNot)
    {
        Directory.CreateDirectory(folder);
        whyNot = Run("mount", "-t", "tmpfs", "-o", $"size={size}{(readOnly ? ",ro" : "")}", "tmpfs", folder);
        return whyNot is null ? new TmpfsMount(folder) : null;
    }

    /// <summary>Makes the mounted file system read-only (files open for writing on it make this fail: close them first).</summary>
    public void RemountReadOnly()
    {
        if (Run("mount", "-o", "remount,ro", Folder) is { } problem) throw new InvalidOperationException($"remounting {Folder} read-only failed: {problem}");
    }

    public void Dispose() => Run("umount", "-l", Folder);

    private static string? Run(string file, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in args) start.ArgumentList.Add(a);
            using var p = Process.Start(start)!;
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"{file} exited with {p.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{file} cannot be run: {e.Message}";
        }
    }
}
