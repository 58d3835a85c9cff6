namespace MusicDashboard.Core.Runtime;

/// <summary>
/// Caps the instruction set oneDNN (libtorch's CPU convolution library) may use at AVX2, unless the user chose one.
/// On an AMD EPYC with AVX-512 (this project's CI machine), libtorch 2.10's oneDNN AVX-512 kernels compute some float32
/// transposed convolutions wrongly: an 8x8 deconvolution differed from the float64 result by 24, and the Conv-VAE's losses
/// became NaN in its first epoch. With the cap the same cases agree to 5e-6 (OneDnnIsaCapTests); Debian's PyTorch 1.13 is
/// right on the same machine. oneDNN reads <c>ONEDNN_MAX_CPU_ISA</c> from the native environment once, at its first use, so
/// this sets it with libc's <c>setenv</c> (.NET's own Environment.SetEnvironmentVariable does not reach native code on
/// Linux) before TorchSharp is touched.
/// </summary>
public static class OneDnnIsaCap
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";
    public const string Cap = "AVX2";

    /// <summary>What was done, for the start-up log.</summary>
    public static string Report { get; private set; } = "not run";

    public static void Apply() => Report = NativeEnvironment.SetUnlessChosen(Variable, Cap);
}
