using System.Runtime.CompilerServices;

namespace MusicDashboard.Core.Runtime;

internal static class NativeLibraryInitializer
{
    /// <summary>
    /// Prepares TorchSharp's native library as soon as this assembly loads, before any code of ours can touch
    /// <c>torch</c>: once TorchSharp's static constructor has failed to load it, the process cannot recover. Only edits a
    /// file (idempotent, a no-op where not needed); device and threads are still decided by <see cref="TorchRuntime"/>.
    /// </summary>
#pragma warning disable CA2255 // deliberate: the fix must precede every use of TorchSharp in any host (app, tests, tools)
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => TorchRuntime.PrepareNativeLibrary();
}
