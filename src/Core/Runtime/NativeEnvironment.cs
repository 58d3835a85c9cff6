using System.Runtime.InteropServices;

namespace MusicDashboard.Core.Runtime;

/// <summary>
/// The process's native environment (libc's <c>getenv</c> / <c>setenv</c>). Native libraries such as oneDNN and libgomp
/// read their settings from it once, when they load; .NET's Environment.SetEnvironmentVariable does not reach it on Linux.
/// </summary>
public static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> unless the user already did; returns a line for the start-up log.</summary>
    public static string SetUnlessChosen(string name, string value)
    {
        if (!OperatingSystem.IsLinux()) return $"not Linux: {name} left alone";
        try
        {
            var chosen = Marshal.PtrToStringUTF8(getenv(name));
            if (!string.IsNullOrEmpty(chosen)) return $"{name}={chosen} (set by the user)";
            return setenv(name, value, 0) == 0 ? $"{name}={value}" : $"{name} could not be set (errno {Marshal.GetLastPInvokeError()})";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return $"{name} not set: {e.Message}";
        }
    }

    /// <summary>The variable's value in the native environment, or null.</summary>
    public static string? Get(string name)
    {
        if (!OperatingSystem.IsLinux()) return Environment.GetEnvironmentVariable(name);
        try { return Marshal.PtrToStringUTF8(getenv(name)); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc")]
    private static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
