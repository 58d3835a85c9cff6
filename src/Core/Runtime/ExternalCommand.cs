using System.Diagnostics;

namespace MusicDashboard.Core.Runtime;

/// <summary>Runs a program to its end for the throwaway servers (initdb, pg_ctl, chown), as another OS user when asked.</summary>
public static class ExternalCommand
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The program's exit code and what it printed (standard output, then standard error).</summary>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, string? asUser = null)
    {
        var start = new ProcessStartInfo(asUser is null ? file : "runuser")
            { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        if (asUser is not null) foreach (var a in new[] { "-u", asUser, "--", file }) start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        p.StandardInput.Close();
        var error = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, (output + error.Result).Trim());
    }

    /// <summary>Runs it and throws with what it printed when it fails.</summary>
    public static string Check(string what, string file, IEnumerable<string> args, string? asUser = null)
    {
        var (code, output) = Run(file, args, asUser);
        return code == 0 ? output : throw new InvalidOperationException($"{what} failed ({Path.GetFileName(file)} exited with {code}): {output}");
    }
}
